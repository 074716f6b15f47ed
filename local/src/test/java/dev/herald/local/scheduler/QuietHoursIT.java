package dev.herald.local.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.delivery.ChannelMessages;
import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.delivery.DeliveryOutcome;
import dev.herald.common.delivery.DeliveryProcessor;
import dev.herald.common.delivery.RenderedContent;
import dev.herald.common.delivery.SqsDeferrer;
import dev.herald.common.event.Channel;
import dev.herald.common.event.Priority;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.schedule.MessageScheduler;
import dev.herald.common.testing.ClockedSqs;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.testing.ManualClock;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.edge.EdgeServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * An 8-hour quiet window, on a clock the test moves: the delivery function (DeliveryProcessor with the SqsDeferrer as
 * wired on Lambda) defers the message through the SDK's SchedulerClient to {@code herald up}'s Scheduler API, whose
 * one-time schedule sends it back to the queue (ElasticMQ on the same clock) at the end of the window. The test plays
 * Lambda's event source mapping every simulated minute.
 */
class QuietHoursIT {
    private static final Duration QUIET = Duration.ofHours(8);
    /** 22:00 UTC, ahead of the real time (ClockedSqs). */
    private static final Instant START = ManualClock.dayAfterTomorrow("22:00");
    private static final Duration STEP = Duration.ofMinutes(1);
    private static final String ROLE = "arn:aws:iam::000000000000:role/herald-scheduler";

    @Test
    void delivery_inAnEightHourQuietWindow_isDeliveredOnceAtTheEnd_throughOneScheduleInsteadOfAQueueLoop() {
        ManualClock clock = new ManualClock(START);
        List<Instant> sends = new CopyOnWriteArrayList<>();
        try (ClockedSqs sqs = new ClockedSqs(clock, HeraldTopology.standard().queues())) {
            String queue = sqs.queueUrl(HeraldTopology.QUEUE_PUSH);
            String queueArn = "arn:aws:sqs:elasticmq:000000000000:" + HeraldTopology.QUEUE_PUSH;
            LocalScheduler scheduler = new LocalScheduler(null, clock, sqs.sqs(),
                    arn -> arn.equals(queueArn) ? Optional.of(queue) : Optional.empty());
            try (EdgeServer edge = new EdgeServer("127.0.0.1", 0, List.of(new SchedulerApi(scheduler, "eu-west-1", "000000000000")),
                    List.of(), null).start();
                 SchedulerClient client = SchedulerClient.builder().endpointOverride(edge.endpoint()).region(LocalEngines.REGION)
                         .credentialsProvider(LocalEngines.CREDENTIALS).httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
                var ledger = new DynamoDbDeliveryLedger(LocalEngines.get().dynamo(), HeraldTopology.TABLE_DELIVERIES, clock);
                DeliveryProcessor processor = new DeliveryProcessor(ledger, m -> {
                    sends.add(clock.instant());
                    return DeliveryOutcome.delivered();
                }, clock, new SqsDeferrer(sqs.sqs(), queue, new MessageScheduler(client,
                        new MessageScheduler.Settings(HeraldTopology.SCHEDULE_GROUP, ROLE)), queueArn));

                Instant windowEnds = clock.instant().plus(QUIET);
                ChannelMessage m = message(windowEnds);
                sqs.sqs().sendMessage(r -> r.queueUrl(queue).messageBody(ChannelMessages.toJson(m)));

                int receives = 0;
                int hoursBefore = 0;
                while (clock.instant().isBefore(windowEnds.plus(Duration.ofMinutes(30)))) {
                    scheduler.fireDue();
                    receives += sqs.poll(HeraldTopology.QUEUE_PUSH, processor::handle);
                    if (clock.instant().isBefore(windowEnds)) {
                        assertThat(sends).as("sent inside the quiet window at " + clock.instant()).isEmpty();
                        if (clock.instant().equals(windowEnds.minus(Duration.ofHours(1)))) {
                            List<ScheduleSummary> waiting = client.listSchedules(r -> r.groupName(HeraldTopology.SCHEDULE_GROUP)).schedules();
                            assertThat(waiting).as("one schedule waits for the end of the window").hasSize(1);
                            assertThat(client.getSchedule(r -> r.groupName(HeraldTopology.SCHEDULE_GROUP).name(waiting.get(0).name()))
                                    .scheduleExpression()).isEqualTo("at(" + java.time.format.DateTimeFormatter.ISO_LOCAL_DATE_TIME
                                            .format(java.time.LocalDateTime.ofInstant(START.plus(QUIET), java.time.ZoneOffset.UTC)) + ")");
                            hoursBefore++;
                        }
                    }
                    clock.advance(STEP);
                }

                assertThat(hoursBefore).isEqualTo(1);
                assertThat(sends).as("delivered once").hasSize(1);
                assertThat(sends.get(0)).isAfterOrEqualTo(windowEnds).isBefore(windowEnds.plus(STEP.multipliedBy(2)));
                // the original message and the one the schedule sent: no chain of 15-minute hops (32 for 8 hours)
                assertThat(receives).as("times the message went through the queue").isEqualTo(2);
                assertThat(scheduler.fired()).isEqualTo(1);
                assertThat(scheduler.list()).as("deleted after it ran (ActionAfterCompletion DELETE)").isEmpty();
                assertThat(ledger.find(m.deliveryId()).orElseThrow().status()).isEqualTo(DeliveryStatus.SENT);
            }
        }
    }

    @Test
    void sendAt_sameKeyTwice_createsOneSchedule_andAnUnknownTargetIsRefusedWithTheReason() {
        ManualClock clock = new ManualClock(START);
        LocalScheduler scheduler = new LocalScheduler(null, clock, null, arn -> arn.endsWith(":herald-push") ? Optional.of("url") : Optional.empty());
        try (EdgeServer edge = new EdgeServer("127.0.0.1", 0, List.of(new SchedulerApi(scheduler, "eu-west-1", "000000000000")), List.of(), null).start();
             SchedulerClient client = SchedulerClient.builder().endpointOverride(edge.endpoint()).region(LocalEngines.REGION)
                     .credentialsProvider(LocalEngines.CREDENTIALS).httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            MessageScheduler messages = new MessageScheduler(client, new MessageScheduler.Settings("g", ROLE));
            Instant at = clock.instant().plus(QUIET);
            assertThat(messages.sendAt("d-1@" + at, "arn:aws:sqs:elasticmq:000000000000:herald-push", at, "{}")).isTrue();
            assertThat(messages.sendAt("d-1@" + at, "arn:aws:sqs:elasticmq:000000000000:herald-push", at, "{}")).as("a redelivery").isFalse();
            assertThat(scheduler.list()).hasSize(1);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> messages.sendAt("d-2", "arn:aws:sqs:elasticmq:000000000000:nope", at, "{}"))
                    .isInstanceOf(software.amazon.awssdk.services.scheduler.model.ValidationException.class)
                    .hasMessageContaining("is not a queue of herald up");
        }
    }

    private static ChannelMessage message(Instant notBefore) {
        String notificationId = "ntf-" + UUID.randomUUID();
        String userId = "user-" + UUID.randomUUID();
        return new ChannelMessage(DeliveryIds.of(notificationId, Channel.PUSH, userId), notificationId, "order.shipped", "shop", Channel.PUSH,
                userId, "orders", Priority.NORMAL, RenderedContent.notification("Your order has shipped", "SO-10042 is on its way"),
                null, "en", "trace-quiet", START, notBefore);
    }
}
