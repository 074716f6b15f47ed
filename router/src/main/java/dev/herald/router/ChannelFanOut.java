package dev.herald.router;

import dev.herald.common.batch.Batches;
import dev.herald.common.concurrent.BoundedPool;
import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.delivery.ChannelMessages;
import dev.herald.common.event.Channel;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.LedgerEntry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Puts channel messages on their channel queues. For each message the ledger row is written first
 * ({@code queued}: by the caller with {@link DeliveryLedger#recordAll} for a notification claimed the first time, else
 * here if absent, {@link #keepUnsent}), then the message is sent with SendMessageBatch - at most 10 entries and
 * 256 KiB per call (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html).
 * SendMessageBatch succeeds or fails per entry, so only the failed entries are sent again, a bounded
 * number of times with exponential backoff ({@link SqsBatchSender}). What still fails is returned (and its row set to
 * {@code failed} with SQS's reason); the caller fails the ingress record so SQS redelivers the event.
 * Sending again is harmless: the ledger rows and the handlers' claims make each delivery happen once.
 * When an event is routed again (a retry after a partial failure, or a second copy while the first was
 * unfinished), a message whose row a handler has already claimed or finished is not sent again; one still
 * {@code queued} or {@code failed} is (the earlier attempt may not have got it onto the queue).
 */
final class ChannelFanOut {
    static final int MAX_ENTRIES = 10;
    /** The SendMessageBatch payload limit before SQS raised it to 1 MiB in 2025; the lower figure is safe on both. */
    static final int MAX_BATCH_BYTES = 256 * 1024;
    /** Inbox summaries are short; a full email body does not belong in the ledger. */

    /** A message to send, its SQS body, and its SQS delay (quiet hours; at most 900 seconds). */
    record Outgoing(ChannelMessage message, String body, int delaySeconds, Instant sendAt) {
        static Outgoing of(ChannelMessage message, int delaySeconds) {
            return of(message, delaySeconds, null);
        }

        /** @param sendAt the notification's scheduled time when it is ahead (its first-step row is then {@code scheduled}), or null */
        static Outgoing of(ChannelMessage message, int delaySeconds, Instant sendAt) {
            return new Outgoing(message, ChannelMessages.toJson(message), delaySeconds, sendAt);
        }
    }

    /** Rows a handler has claimed or finished: their message reached its queue, so it is not sent again. */
    private static final java.util.Set<DeliveryStatus> PAST_THE_QUEUE = EnumSet.complementOf(EnumSet.of(DeliveryStatus.QUEUED, DeliveryStatus.FAILED, DeliveryStatus.PENDING,
            DeliveryStatus.SCHEDULED));

    /** A message that could not be queued: its delivery id and why. */
    record Failure(String deliveryId, String reason) {
        @Override
        public String toString() {
            return deliveryId + ": " + reason;
        }
    }

    private final SqsBatchSender sender;
    private final Map<Channel, String> queueUrls;
    private final DeliveryLedger ledger;
    private final BoundedPool parallel;

    ChannelFanOut(SqsBatchSender sender, Map<Channel, String> queueUrls, DeliveryLedger ledger, BoundedPool parallel) {
        this.parallel = parallel;
        this.sender = sender;
        this.queueUrls = Map.copyOf(queueUrls);
        this.ledger = ledger;
    }

    /** The {@code queued} row of a message, written before the message is sent. */
    static LedgerEntry queuedRow(ChannelMessage m) {
        return LedgerEntry.queued(m, m.createdAt());
    }

    /**
     * The row of an outgoing message: {@code queued} ({@code pending} for a later step), or {@code scheduled} with the time in
     * its reason for a scheduled send's message that is not a later step.
     */
    static LedgerEntry queuedRow(Outgoing o) {
        LedgerEntry row = queuedRow(o.message());
        if (o.sendAt() == null || row.status() != DeliveryStatus.QUEUED) {
            return row;
        }
        Instant at = o.message().notBefore() != null ? o.message().notBefore() : o.sendAt();
        return row.withStatus(DeliveryStatus.SCHEDULED, SCHEDULED_REASON + at, row.updatedAt());
    }

    /** The reason of a {@code scheduled} row, followed by its time. */
    static final String SCHEDULED_REASON = "send at ";

    /**
     * For a notification routed before (a retry, or an audience chunk): writes each message's {@code queued} row if absent
     * and keeps the messages to send; one whose row a handler has already claimed or finished is left out.
     */
    List<Outgoing> keepUnsent(List<Outgoing> messages) {
        List<Outgoing> keep = new ArrayList<>();
        for (Outgoing o : messages) {
            if (!ledger.recordIfAbsent(queuedRow(o))
                    && ledger.find(o.message().deliveryId()).map(r -> PAST_THE_QUEUE.contains(r.status())).orElse(false)) {
                continue;
            }
            keep.add(o);
        }
        return keep;
    }

    /**
     * Sends messages whose rows are written, per channel in as few SendMessageBatch calls as the limits allow (the calls
     * side by side). A message
     * still refused after the last attempt has its row set to {@code failed} with SQS's reason.
     *
     * @return one failure per message not queued; empty when all were
     */
    List<Failure> send(List<Outgoing> messages) {
        Map<Channel, List<Outgoing>> byChannel = new LinkedHashMap<>();
        for (Outgoing o : messages) {
            byChannel.computeIfAbsent(o.message().channel(), c -> new ArrayList<>()).add(o);
        }
        List<Map.Entry<String, List<Outgoing>>> calls = new ArrayList<>();
        List<Failure> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (var e : byChannel.entrySet()) {
            String queueUrl = queueUrls.get(e.getKey());
            if (queueUrl == null) {
                for (Outgoing o : e.getValue()) {
                    String reason = "no queue is configured for channel " + e.getKey().wireName() + "; set the router's HERALD_QUEUE_URL_"
                            + e.getKey().name() + " (the Topology does) or remove the channel from the route";
                    ledger.transition(o.message().deliveryId(), EnumSet.of(DeliveryStatus.QUEUED, DeliveryStatus.FAILED, DeliveryStatus.SCHEDULED), DeliveryStatus.FAILED, reason);
                    failures.add(new Failure(o.message().deliveryId(), reason));
                }
                continue;
            }
            batches(e.getValue()).forEach(batch -> calls.add(Map.entry(queueUrl, batch)));
        }
        parallel.forEach(calls, call -> failures.addAll(sendBatch(call.getKey(), call.getValue())));
        return List.copyOf(failures);
    }

    /** Packs messages into SendMessageBatch calls of at most 10 entries and 256 KiB; a larger message goes alone. */
    static List<List<Outgoing>> batches(List<Outgoing> messages) {
        return Batches.split(messages, MAX_ENTRIES, MAX_BATCH_BYTES, o -> o.body().getBytes(StandardCharsets.UTF_8).length);
    }

    private List<Failure> sendBatch(String queueUrl, List<Outgoing> batch) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Outgoing o = batch.get(i);
            entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(o.body()).delaySeconds(o.delaySeconds()).build());
        }
        List<Failure> failures = new ArrayList<>();
        for (var failed : sender.send(queueUrl, entries).entrySet()) {
            ChannelMessage m = batch.get(Integer.parseInt(failed.getKey().substring(1))).message();
            String reason = "channel queue refused the message " + failed.getValue();
            ledger.transition(m.deliveryId(), EnumSet.of(DeliveryStatus.QUEUED, DeliveryStatus.FAILED, DeliveryStatus.SCHEDULED), DeliveryStatus.FAILED, reason);
            failures.add(new Failure(m.deliveryId(), reason));
        }
        return failures;
    }

}
