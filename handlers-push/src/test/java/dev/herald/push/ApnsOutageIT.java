package dev.herald.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.delivery.ChannelMessages;
import dev.herald.common.delivery.CircuitBreaker;
import dev.herald.common.delivery.DeliveryProcessor;
import dev.herald.common.delivery.SqsDeferrer;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.store.DynamoDbDeviceTokenStore;
import dev.herald.common.testing.ClockedSqs;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.testing.ManualClock;
import dev.herald.common.json.Json;
import dev.herald.common.topology.HeraldTopology;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * APNs down for an hour, then back: the push function, its real queue (ElasticMQ on a clock the test moves, so
 * visibility timeouts, receive counts and the redrive to the DLQ run as SQS runs them), the real ledger (DynamoDB
 * Local) and Pushy against MockApnsServer. The test plays Lambda's event source mapping: it receives batches of up
 * to 10, invokes the handler and deletes what did not fail, every 10 simulated seconds.
 */
class ApnsOutageIT {
    private static final int DELIVERIES = 20;
    private static final Duration STEP = Duration.ofSeconds(10);
    private static final Duration OUTAGE = Duration.ofHours(1);

    @Test
    void apnsDownForAnHour_deliversEverythingOnceAfterwards_nothingDeadLettered_andCallsApnsABoundedNumberOfTimes() throws Exception {
        ManualClock clock = new ManualClock(ManualClock.dayAfterTomorrow("08:00"));
        try (MockApns apns = new MockApns();
             ClockedSqs sqs = new ClockedSqs(clock, HeraldTopology.standard().queues());
             PushPlatform apnsPlatform = PushPlatforms.apns(PushDeliveryApnsIT.config("herald/apns"), id -> Json.tree(apns.secretJson()))) {
            String queue = sqs.queueUrl(HeraldTopology.QUEUE_PUSH);
            var ledger = new DynamoDbDeliveryLedger(LocalEngines.get().dynamo(), HeraldTopology.TABLE_DELIVERIES, clock);
            PushDeliveryHandler handler = handler(apnsPlatform, ledger, sqs, queue, clock);

            PushHarness writer = new PushHarness(PushPlatform.unavailable("unused"), PushPlatform.unavailable("unused"));
            List<ChannelMessage> messages = new ArrayList<>();
            List<String> deviceTokens = new ArrayList<>();
            for (int i = 0; i < DELIVERIES; i++) {
                String user = PushHarness.newUser();
                deviceTokens.add(writer.registerIos(user));
                ChannelMessage m = writer.queued(user);
                messages.add(m);
                sqs.sqs().sendMessage(r -> r.queueUrl(queue).messageBody(ChannelMessages.toJson(m)));
            }

            apns.down(true);
            Instant outageEnds = clock.instant().plus(OUTAGE);
            while (clock.instant().isBefore(outageEnds)) {
                sqs.poll(HeraldTopology.QUEUE_PUSH, e -> handler.handleRequest(e, null));
                clock.advance(STEP);
            }
            long callsDuringOutage = apns.requests();
            apns.down(false);

            // after the outage every message comes back within its last back-off (at most ~2 h for these receive counts)
            Instant giveUp = clock.instant().plus(Duration.ofHours(24));
            while (clock.instant().isBefore(giveUp) && sqs.depth(HeraldTopology.QUEUE_PUSH) > 0) {
                sqs.poll(HeraldTopology.QUEUE_PUSH, e -> handler.handleRequest(e, null));
                clock.advance(STEP);
            }

            // the breaker: the first batch (up to 10 sends side by side) opens it, then one probe per cool-down
            // (30 s, 1, 2, 4 min, then every 5 min: 14 in an hour). Without it every receive calls APNs:
            // 20 deliveries x ~12 receives in the hour.
            assertThat(callsDuringOutage).as("APNs calls during the hour down").isLessThanOrEqualTo(DeliveryProcessor.DEFAULT_PARALLELISM + 14);
            assertThat(callsDuringOutage).as("the breaker probes while APNs is down").isGreaterThan(DeliveryProcessor.DEFAULT_PARALLELISM);
            System.out.println("apns-outage calls-during-outage=" + callsDuringOutage + " calls-after=" + (apns.requests() - callsDuringOutage));

            for (String token : deviceTokens) {
                assertThat(apns.acceptedFor(token)).as("notifications accepted for one device").hasSize(1);
            }
            for (ChannelMessage m : messages) {
                assertThat(ledger.find(m.deliveryId()).orElseThrow().status()).isEqualTo(DeliveryStatus.SENT);
            }
            assertThat(sqs.depth(HeraldTopology.QUEUE_PUSH)).isZero();
            assertThat(sqs.depth(HeraldTopology.QUEUE_PUSH + HeraldTopology.DLQ_SUFFIX)).as("dead-lettered").isZero();
        }
    }

    @Test
    void apnsDownLongerThanTheRetryHorizon_deadLettersAfterTheScheduleReceives_withTheReasonInTheLedger() throws Exception {
        ManualClock clock = new ManualClock(ManualClock.dayAfterTomorrow("08:00"));
        try (MockApns apns = new MockApns();
             ClockedSqs sqs = new ClockedSqs(clock, HeraldTopology.standard().queues());
             PushPlatform apnsPlatform = PushPlatforms.apns(PushDeliveryApnsIT.config("herald/apns"), id -> Json.tree(apns.secretJson()))) {
            String queue = sqs.queueUrl(HeraldTopology.QUEUE_PUSH);
            var ledger = new DynamoDbDeliveryLedger(LocalEngines.get().dynamo(), HeraldTopology.TABLE_DELIVERIES, clock);
            PushDeliveryHandler handler = handler(apnsPlatform, ledger, sqs, queue, clock);
            PushHarness writer = new PushHarness(PushPlatform.unavailable("unused"), PushPlatform.unavailable("unused"));
            ChannelMessage m = writer.queued(PushHarness.newUser());
            writer.registerIos(m.userId());
            sqs.sqs().sendMessage(r -> r.queueUrl(queue).messageBody(ChannelMessages.toJson(m)));
            apns.down(true);

            Instant start = clock.instant();
            // the shortest jitter reaches the DLQ after the 24 h horizon; the longest within 67 h (the nominal delays before
            // receives 2..20: 2 s doubling to 9.1 h, then four at the 12 h cap), about 50 h on average
            while (clock.instant().isBefore(start.plus(Duration.ofHours(72))) && sqs.depth(HeraldTopology.QUEUE_PUSH) > 0) {
                sqs.poll(HeraldTopology.QUEUE_PUSH, e -> handler.handleRequest(e, null));
                clock.advance(Duration.ofMinutes(1));
            }

            assertThat(Duration.between(start, clock.instant())).as("retried for at least the horizon").isGreaterThanOrEqualTo(Duration.ofHours(24));
            // ElasticMQ's source queue hands the message to the DLQ's actor asynchronously: wait (real time) for it to land
            String dlq = HeraldTopology.QUEUE_PUSH + HeraldTopology.DLQ_SUFFIX;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (sqs.depth(dlq) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(sqs.depth(dlq)).isEqualTo(1);
            var row = ledger.find(m.deliveryId()).orElseThrow();
            assertThat(row.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(row.reason()).contains("APNs");
            assertThat(row.attempts()).isEqualTo(HeraldTopology.CHANNEL_RETRY.maxReceiveCount());
            // alone on the function, every receive after the cool-down is a probe: at most one APNs call per receive
            assertThat(apns.requests()).isLessThanOrEqualTo(HeraldTopology.CHANNEL_RETRY.maxReceiveCount());
        }
    }

    /** The push function as it is wired on Lambda, on the test clock: APNs only, the default circuit breaker and pool. */
    private static PushDeliveryHandler handler(PushPlatform apns, DynamoDbDeliveryLedger ledger, ClockedSqs sqs, String queue, ManualClock clock) {
        var tokens = new DynamoDbDeviceTokenStore(LocalEngines.get().dynamo(), HeraldTopology.TABLE_DEVICE_TOKENS);
        PushSender sender = new PushSender(tokens, apns, PushPlatform.unavailable("no FCM in this test"), Duration.ofSeconds(10),
                CircuitBreaker.DEFAULTS, clock);
        return new PushDeliveryHandler(new DeliveryProcessor(ledger, sender, clock, new SqsDeferrer(sqs.sqs(), queue),
                DeliveryProcessor.DEFAULT_PARALLELISM));
    }
}
