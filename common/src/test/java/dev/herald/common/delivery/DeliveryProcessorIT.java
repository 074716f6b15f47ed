package dev.herald.common.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.herald.common.event.Channel;
import dev.herald.common.event.Priority;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.ledger.LedgerEntry;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.topology.HeraldTopology;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link DeliveryProcessor} on the real ledger (DynamoDB Local): a batch's records run side by side, and the
 * batch response, the retry delays and exactly-once come out as when they ran one after another.
 */
class DeliveryProcessorIT {
    private final DeliveryLedger ledger = new DynamoDbDeliveryLedger(LocalEngines.get().dynamo(), HeraldTopology.TABLE_DELIVERIES);
    private final RecordingDeferrer deferrer = new RecordingDeferrer();

    /** Counts sends per delivery id and how many were in progress at once; each send waits a little for company. */
    private static final class ObservingSender implements DeliveryProcessor.Sender {
        final Map<String, AtomicInteger> sends = new ConcurrentHashMap<>();
        final AtomicInteger inProgress = new AtomicInteger();
        final AtomicInteger maxInProgress = new AtomicInteger();
        final Set<String> failFor = ConcurrentHashMap.newKeySet();
        final Set<String> throwFor = ConcurrentHashMap.newKeySet();
        final Set<String> requestIdsSeen = ConcurrentHashMap.newKeySet();

        @Override
        public DeliveryOutcome send(ChannelMessage m) {
            requestIdsSeen.add(String.valueOf(org.slf4j.MDC.get("AWSRequestId")));
            int now = inProgress.incrementAndGet();
            maxInProgress.accumulateAndGet(now, Math::max);
            try {
                sends.computeIfAbsent(m.deliveryId(), k -> new AtomicInteger()).incrementAndGet();
                // Stay in the call until another one has joined (or 2 s passed): with records one after another,
                // nobody ever joins. No duration is asserted; only the overlap is.
                long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                while (maxInProgress.get() < 2 && System.nanoTime() < until) {
                    Thread.onSpinWait();
                    sleep();
                }
                if (throwFor.contains(m.userId())) {
                    throw new IllegalStateException("provider client blew up");
                }
                return failFor.contains(m.userId()) ? DeliveryOutcome.failed("provider 503") : DeliveryOutcome.delivered();
            } finally {
                inProgress.decrementAndGet();
            }
        }

        private static void sleep() {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class RecordingDeferrer implements DeliveryProcessor.Deferrer {
        final List<String> retried = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void defer(ChannelMessage message, Duration delay) {
            throw new AssertionError("nothing in these batches is deferred");
        }

        @Override
        public void retryAfter(String receiptHandle, Duration delay) {
            retried.add(receiptHandle);
        }
    }

    private ChannelMessage queued(String user) {
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        ChannelMessage m = new ChannelMessage(id, "n-" + id, "order.shipped", "shop", Channel.PUSH, user, "orders", Priority.NORMAL,
                new RenderedContent("Shipped", "Your order shipped", null, null, null), null, null, "trace-" + id, now, null);
        ledger.recordIfAbsent(LedgerEntry.queued(m, now));
        return m;
    }

    private static SQSEvent batch(List<ChannelMessage> messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (ChannelMessage m : messages) {
            SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
            String sqsId = UUID.randomUUID().toString();
            r.setMessageId(sqsId);
            r.setReceiptHandle("receipt-" + sqsId);
            r.setBody(ChannelMessages.toJson(m));
            r.setAttributes(Map.of("ApproximateReceiveCount", "1"));
            records.add(r);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    private DeliveryProcessor processor(ObservingSender sender, int parallelism) {
        return new DeliveryProcessor(ledger, sender, Clock.systemUTC(), deferrer, parallelism);
    }

    @Test
    void handle_batchOfTen_sendsSeveralRecordsAtOnce() {
        ObservingSender sender = new ObservingSender();
        List<ChannelMessage> messages = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            messages.add(queued("user-" + UUID.randomUUID()));
        }
        SQSBatchResponse response = processor(sender, DeliveryProcessor.DEFAULT_PARALLELISM).handle(batch(messages));
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(sender.maxInProgress.get()).isGreaterThan(1);
        for (ChannelMessage m : messages) {
            assertThat(sender.sends.get(m.deliveryId())).hasValue(1);
            assertThat(ledger.find(m.deliveryId()).orElseThrow().status()).isEqualTo(DeliveryStatus.SENT);
        }
    }

    @Test
    void handle_concurrentRecords_logWithTheCallersMdc() {
        ObservingSender sender = new ObservingSender();
        List<ChannelMessage> messages = List.of(queued("user-" + UUID.randomUUID()), queued("user-" + UUID.randomUUID()),
                queued("user-" + UUID.randomUUID()));
        org.slf4j.MDC.put("AWSRequestId", "req-1");
        try {
            processor(sender, DeliveryProcessor.DEFAULT_PARALLELISM).handle(batch(messages));
        } finally {
            org.slf4j.MDC.remove("AWSRequestId");
        }
        assertThat(sender.maxInProgress.get()).isGreaterThan(1);
        assertThat(sender.requestIdsSeen).containsExactly("req-1");
    }

    @Test
    void handle_parallelismOne_sendsOneAtATime() {
        ObservingSender sender = new ObservingSender();
        List<ChannelMessage> messages = List.of(queued("user-" + UUID.randomUUID()), queued("user-" + UUID.randomUUID()));
        assertThat(processor(sender, 1).handle(batch(messages)).getBatchItemFailures()).isEmpty();
        assertThat(sender.maxInProgress.get()).isEqualTo(1);
        assertThat(sender.sends).hasSize(2);
    }

    @Test
    void handle_sameDeliveryTwiceInOneBatch_sendsItOnce() {
        ObservingSender sender = new ObservingSender();
        List<ChannelMessage> messages = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ChannelMessage m = queued("user-" + UUID.randomUUID());
            messages.add(m);
            messages.add(m);
        }
        SQSBatchResponse response = processor(sender, DeliveryProcessor.DEFAULT_PARALLELISM).handle(batch(messages));
        assertThat(response.getBatchItemFailures()).isEmpty();
        for (ChannelMessage m : messages) {
            assertThat(sender.sends.get(m.deliveryId())).hasValue(1);
            LedgerEntry row = ledger.find(m.deliveryId()).orElseThrow();
            assertThat(row.status()).isEqualTo(DeliveryStatus.SENT);
            assertThat(row.attempts()).isEqualTo(1);
        }
    }

    @Test
    void handle_whenSomeRecordsFailOrThrow_reportsExactlyThoseAndBacksEachOff() {
        ObservingSender sender = new ObservingSender();
        String failing = "user-failing-" + UUID.randomUUID();
        String throwing = "user-throwing-" + UUID.randomUUID();
        sender.failFor.add(failing);
        sender.throwFor.add(throwing);
        List<ChannelMessage> messages = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            messages.add(queued("user-" + UUID.randomUUID()));
        }
        messages.add(3, queued(failing));
        messages.add(7, queued(throwing));
        SQSEvent event = batch(messages);
        SQSEvent.SQSMessage failedRecord = event.getRecords().get(3);
        SQSEvent.SQSMessage thrownRecord = event.getRecords().get(7);

        SQSBatchResponse response = processor(sender, DeliveryProcessor.DEFAULT_PARALLELISM).handle(event);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(failedRecord.getMessageId(), thrownRecord.getMessageId());
        assertThat(deferrer.retried).containsExactlyInAnyOrder(failedRecord.getReceiptHandle(), thrownRecord.getReceiptHandle());
        assertThat(ledger.find(messages.get(3).deliveryId()).orElseThrow().status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(ledger.find(messages.get(7).deliveryId()).orElseThrow().reason()).contains("provider client blew up");
        for (int i = 0; i < messages.size(); i++) {
            if (i != 3 && i != 7) {
                assertThat(ledger.find(messages.get(i).deliveryId()).orElseThrow().status()).isEqualTo(DeliveryStatus.SENT);
            }
        }
    }

    @Test
    void handle_malformedRecordAmongGoodOnes_isRejectedAloneAndNotRetried() {
        ObservingSender sender = new ObservingSender();
        List<ChannelMessage> messages = List.of(queued("user-" + UUID.randomUUID()), queued("user-" + UUID.randomUUID()));
        SQSEvent event = batch(messages);
        event.getRecords().get(1).setBody("{not json");
        SQSBatchResponse response = processor(sender, DeliveryProcessor.DEFAULT_PARALLELISM).handle(event);
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(ledger.find(DeliveryLedger.messageKey(event.getRecords().get(1).getMessageId())).orElseThrow().status())
                .isEqualTo(DeliveryStatus.REJECTED);
        assertThat(ledger.find(messages.getFirst().deliveryId()).orElseThrow().status()).isEqualTo(DeliveryStatus.SENT);
    }
}
