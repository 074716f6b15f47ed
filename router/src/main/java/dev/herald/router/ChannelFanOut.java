package dev.herald.router;

import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.delivery.ChannelMessages;
import dev.herald.common.event.Channel;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.LedgerEntry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Puts channel messages on their channel queues. For each message the ledger row is written first
 * ({@code queued}, if absent), then the message is sent with SendMessageBatch - at most 10 entries and
 * 256 KiB per call (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html).
 * SendMessageBatch succeeds or fails per entry, so only the failed entries are sent again, a bounded
 * number of times with exponential backoff. What still fails is returned (and its row set to
 * {@code failed} with SQS's reason); the caller fails the ingress record so SQS redelivers the event.
 * Sending again is harmless: the ledger rows and the handlers' claims make each delivery happen once.
 * When an event is routed again (a retry after a partial failure, or a second copy while the first was
 * unfinished), a message whose row a handler has already claimed or finished is not sent again; one still
 * {@code queued} or {@code failed} is (the earlier attempt may not have got it onto the queue).
 */
final class ChannelFanOut {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelFanOut.class);
    static final int MAX_ENTRIES = 10;
    /** The SendMessageBatch payload limit before SQS raised it to 1 MiB in 2025; the lower figure is safe on both. */
    static final int MAX_BATCH_BYTES = 256 * 1024;
    /** Inbox summaries are short; a full email body does not belong in the ledger. */
    private static final int SUMMARY_CHARS = 500;

    /** A message to send, its SQS body, and its SQS delay (quiet hours; at most 900 seconds). */
    record Outgoing(ChannelMessage message, String body, int delaySeconds) {
        static Outgoing of(ChannelMessage message, int delaySeconds) {
            return new Outgoing(message, ChannelMessages.toJson(message), delaySeconds);
        }
    }

    /** Rows a handler has claimed or finished: their message reached its queue, so it is not sent again. */
    private static final java.util.Set<DeliveryStatus> PAST_THE_QUEUE = EnumSet.complementOf(EnumSet.of(DeliveryStatus.QUEUED, DeliveryStatus.FAILED));

    /**
     * @param queued   messages put on their queue
     * @param already  messages not sent because a handler already has their delivery
     * @param failures one line per message that could not be queued; empty when all were
     */
    record Result(int queued, int already, List<String> failures) {
    }

    private final SqsClient sqs;
    private final Map<Channel, String> queueUrls;
    private final DeliveryLedger ledger;
    private final int maxAttempts;
    private final Duration firstBackoff;

    ChannelFanOut(SqsClient sqs, Map<Channel, String> queueUrls, DeliveryLedger ledger, int maxAttempts, Duration firstBackoff) {
        this.sqs = sqs;
        this.queueUrls = Map.copyOf(queueUrls);
        this.ledger = ledger;
        this.maxAttempts = maxAttempts;
        this.firstBackoff = firstBackoff;
    }

    Result send(List<Outgoing> messages) {
        Map<Channel, List<Outgoing>> byChannel = new LinkedHashMap<>();
        int already = 0;
        for (Outgoing o : messages) {
            if (!ledger.recordIfAbsent(queuedRow(o.message()))
                    && ledger.find(o.message().deliveryId()).map(r -> PAST_THE_QUEUE.contains(r.status())).orElse(false)) {
                already++;
                continue;
            }
            byChannel.computeIfAbsent(o.message().channel(), c -> new ArrayList<>()).add(o);
        }
        int queued = 0;
        List<String> failures = new ArrayList<>();
        for (var e : byChannel.entrySet()) {
            String queueUrl = queueUrls.get(e.getKey());
            for (List<Outgoing> batch : batches(e.getValue())) {
                List<String> failed = sendBatch(queueUrl, batch);
                queued += batch.size() - failed.size();
                failures.addAll(failed);
            }
        }
        return new Result(queued, already, failures);
    }

    /** Packs messages into SendMessageBatch calls of at most 10 entries and 256 KiB; a larger message goes alone. */
    static List<List<Outgoing>> batches(List<Outgoing> messages) {
        List<List<Outgoing>> batches = new ArrayList<>();
        List<Outgoing> current = new ArrayList<>();
        int bytes = 0;
        for (Outgoing o : messages) {
            int size = o.body().getBytes(StandardCharsets.UTF_8).length;
            if (!current.isEmpty() && (current.size() == MAX_ENTRIES || bytes + size > MAX_BATCH_BYTES)) {
                batches.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(o);
            bytes += size;
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    private List<String> sendBatch(String queueUrl, List<Outgoing> batch) {
        Map<String, SendMessageBatchRequestEntry> pending = new LinkedHashMap<>();
        Map<String, Outgoing> byEntryId = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            Outgoing o = batch.get(i);
            String id = "m" + i;
            byEntryId.put(id, o);
            pending.put(id, SendMessageBatchRequestEntry.builder().id(id).messageBody(o.body())
                    .delaySeconds(o.delaySeconds()).build());
        }
        Map<String, String> lastError = new LinkedHashMap<>();
        Duration backoff = firstBackoff;
        for (int attempt = 1; attempt <= maxAttempts && !pending.isEmpty(); attempt++) {
            if (attempt > 1) {
                sleep(backoff);
                backoff = backoff.multipliedBy(2);
            }
            try {
                SendMessageBatchResponse response = sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(pending.values()));
                response.successful().forEach(ok -> {
                    pending.remove(ok.id());
                    lastError.remove(ok.id());
                });
                for (BatchResultErrorEntry failed : response.failed()) {
                    lastError.put(failed.id(), failed.code() + (Boolean.TRUE.equals(failed.senderFault()) ? " (sender fault)" : "")
                            + ": " + failed.message());
                }
            } catch (SdkException e) {
                pending.keySet().forEach(id -> lastError.put(id, "SendMessageBatch failed: " + e.getMessage()));
            }
            if (!pending.isEmpty()) {
                LOG.warn("channel messages not queued, sending those again queue={} failed={} attempt={} of {}",
                        queueUrl, pending.size(), attempt, maxAttempts);
            }
        }
        List<String> failures = new ArrayList<>();
        for (String id : pending.keySet()) {
            ChannelMessage m = byEntryId.get(id).message();
            String reason = "channel queue refused the message after " + maxAttempts + " attempts: "
                    + lastError.getOrDefault(id, "no answer for this entry");
            ledger.transition(m.deliveryId(), EnumSet.of(DeliveryStatus.QUEUED, DeliveryStatus.FAILED), DeliveryStatus.FAILED, reason);
            failures.add(m.deliveryId() + ": " + reason);
        }
        return failures;
    }

    private static LedgerEntry queuedRow(ChannelMessage m) {
        String title = null;
        String body = null;
        if (m.content() != null) {
            title = m.content().title() != null ? m.content().title() : m.content().subject();
            body = m.content().body() != null ? m.content().body() : m.content().text();
        }
        return new LedgerEntry(m.deliveryId(), m.notificationId(), m.userId(), m.channel().wireName(), m.eventType(), m.category(),
                DeliveryStatus.QUEUED, null, 0, summary(title), summary(body), m.createdAt(), m.createdAt());
    }

    private static String summary(String s) {
        return s == null || s.length() <= SUMMARY_CHARS ? s : s.substring(0, SUMMARY_CHARS - 1) + "…";
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off from SQS", e);
        }
    }
}
