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
import dev.herald.common.testing.ManualClock;
import dev.herald.common.topology.HeraldTopology;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Two of the ways a delivery could be sent twice, on the real ledger (DynamoDB Local): a second message for a delivery
 * arriving while the first is being sent, and the ledger write after a successful send failing.
 */
class DoubleSendIT {
    private final DeliveryLedger ledger = new DynamoDbDeliveryLedger(LocalEngines.get().dynamo(), HeraldTopology.TABLE_DELIVERIES);

    @Test
    void secondMessageForADelivery_whileTheFirstIsSending_isNotSentAgain_evenOnARedelivery() throws Exception {
        ChannelMessage m = queued(ledger);
        CountDownLatch inSend = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger sends = new AtomicInteger();
        DeliveryProcessor processor = new DeliveryProcessor(ledger, message -> {
            sends.incrementAndGet();
            inSend.countDown();
            await(release);
            return DeliveryOutcome.delivered();
        }, Clock.systemUTC(), new NoDeferrals(), 1);

        CompletableFuture<SQSBatchResponse> first = CompletableFuture.supplyAsync(() -> processor.handle(batch(m, 1)));
        assertThat(inSend.await(10, TimeUnit.SECONDS)).isTrue();
        // a second SQS message for the same delivery (a router retry, a quiet-hours copy, an SQS duplicate), received for
        // the second time: its receive count says nothing about the first attempt, which is alive
        SQSEvent secondCopy = batch(m, 2);
        SQSBatchResponse second = processor.handle(secondCopy);
        release.countDown();

        assertThat(sends).as("sends while the first attempt is in progress").hasValue(1);
        // not dropped: retried after the back-off (had the first attempt died, this copy would deliver it)
        assertThat(second.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(secondCopy.getRecords().getFirst().getMessageId());
        assertThat(first.get(10, TimeUnit.SECONDS).getBatchItemFailures()).isEmpty();
        // its retry finds the delivery final
        assertThat(processor.handle(batch(m, 3)).getBatchItemFailures()).isEmpty();
        assertThat(sends).hasValue(1);
        assertThat(ledger.find(m.deliveryId()).orElseThrow().status()).isEqualTo(DeliveryStatus.SENT);
    }

    @Test
    void sendingClaim_olderThanTheLease_isTakenOver_theAttemptThatHeldItDied() {
        ManualClock clock = new ManualClock(Instant.now());
        DeliveryLedger clocked = new DynamoDbDeliveryLedger(LocalEngines.get().dynamo(), HeraldTopology.TABLE_DELIVERIES, clock);
        ChannelMessage m = queued(clocked);
        assertThat(clocked.claimForSending(m.deliveryId(), java.util.Set.of(DeliveryStatus.QUEUED), null).claimed()).isTrue();
        AtomicInteger sends = new AtomicInteger();
        DeliveryProcessor processor = new DeliveryProcessor(clocked, message -> {
            sends.incrementAndGet();
            return DeliveryOutcome.delivered();
        }, clock, new NoDeferrals(), 1);

        assertThat(processor.handle(batch(m, 2)).getBatchItemFailures()).as("within the lease: retried later").hasSize(1);
        assertThat(sends).as("within the lease the claim's attempt may be alive").hasValue(0);

        clock.advance(DeliveryProcessor.SEND_LEASE.plusSeconds(1));
        processor.handle(batch(m, 3));
        assertThat(sends).hasValue(1);
        LedgerEntry row = clocked.find(m.deliveryId()).orElseThrow();
        assertThat(row.status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(row.attempts()).isEqualTo(2);
    }

    @Test
    void resultWriteFails_afterASuccessfulSend_theMessageIsNotRetried_andNotSentAgain() {
        // DynamoDB refusing the write that records "sent" (throttling), whatever request carries it
        DynamoDbClient failing = DynamoDbClient.builder().endpointOverride(LocalEngines.get().dynamoEndpoint()).region(LocalEngines.REGION)
                .credentialsProvider(LocalEngines.CREDENTIALS).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        boolean recordsSent = switch (context.request()) {
                            case UpdateItemRequest r -> r.expressionAttributeValues().containsKey(":to")
                                    && "sent".equals(r.expressionAttributeValues().get(":to").s());
                            case BatchExecuteStatementRequest r -> r.statements().stream()
                                    .anyMatch(s -> "sent".equals(s.parameters().get(0).s()));
                            default -> false;
                        };
                        if (recordsSent) {
                            throw SdkClientException.create("ProvisionedThroughputExceededException: throttled (injected)");
                        }
                    }
                })).build();
        DeliveryLedger throttled = new DynamoDbDeliveryLedger(failing, HeraldTopology.TABLE_DELIVERIES);
        ChannelMessage m = queued(ledger);
        AtomicInteger sends = new AtomicInteger();
        DeliveryProcessor processor = new DeliveryProcessor(throttled, message -> {
            sends.incrementAndGet();
            return DeliveryOutcome.delivered();
        }, Clock.systemUTC(), new NoDeferrals(), 1);

        SQSBatchResponse response = processor.handle(batch(m, 1));
        // had it failed the record, SQS would redeliver it: a second send
        assertThat(response.getBatchItemFailures()).isEmpty();
        processor.handle(batch(m, 2));

        assertThat(sends).hasValue(1);
        assertThat(ledger.find(m.deliveryId()).orElseThrow().status()).as("the trade: the row says sending").isEqualTo(DeliveryStatus.SENDING);
    }

    private static ChannelMessage queued(DeliveryLedger ledger) {
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        ChannelMessage m = new ChannelMessage(id, "n-" + id, "order.shipped", "shop", Channel.PUSH, "user-" + id, "orders", Priority.NORMAL,
                new RenderedContent("Shipped", "Your order shipped", null, null, null), null, null, "trace-" + id, now, null);
        ledger.recordIfAbsent(LedgerEntry.queued(m, now));
        return m;
    }

    private static SQSEvent batch(ChannelMessage m, int receiveCount) {
        SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
        r.setMessageId(UUID.randomUUID().toString());
        r.setBody(ChannelMessages.toJson(m));
        r.setAttributes(Map.of("ApproximateReceiveCount", Integer.toString(receiveCount)));
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(r));
        return event;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class NoDeferrals implements DeliveryProcessor.Deferrer {
        @Override
        public void defer(ChannelMessage message, Duration delay) {
            throw new AssertionError("nothing here is deferred");
        }
    }
}
