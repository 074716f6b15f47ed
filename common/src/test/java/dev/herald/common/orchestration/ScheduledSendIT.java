package dev.herald.common.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.delivery.ChannelMessages;
import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.delivery.DeliveryOutcome;
import dev.herald.common.delivery.DeliveryProcessor;
import dev.herald.common.delivery.RenderedContent;
import dev.herald.common.event.Channel;
import dev.herald.common.event.Priority;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.ledger.LedgerEntry;
import dev.herald.common.testing.ClockedSqs;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.testing.ManualClock;
import dev.herald.common.topology.HeraldTopology;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A scheduled send (detail {@code sendAt} an hour ahead) on the three channel queues (ElasticMQ, time a {@link ManualClock}),
 * the ledger on DynamoDB Local and one {@link DeliveryProcessor} per channel, as the router leaves it: rows {@code scheduled},
 * messages with {@code notBefore} = the send time. The handlers' deferrals (an SQS delay, or a one-time schedule past 15
 * minutes) are held by the test until its clock reaches them; the operator's cancel is {@link NotificationCancel}.
 */
class ScheduledSendIT {
    private static final Map<Channel, String> QUEUES = Map.of(Channel.WEBSOCKET, HeraldTopology.QUEUE_WEBSOCKET,
            Channel.PUSH, HeraldTopology.QUEUE_PUSH, Channel.EMAIL, HeraldTopology.QUEUE_EMAIL);

    private final Instant start = ManualClock.dayAfterTomorrow("12:00");
    private final Instant sendAt = start.plus(Duration.ofHours(1));
    private final ManualClock clock = new ManualClock(start);
    private final ClockedSqs sqs = new ClockedSqs(clock, HeraldTopology.standard().queues());
    private final DynamoDbDeliveryLedger ledger = new DynamoDbDeliveryLedger(LocalEngines.get().dynamo(), HeraldTopology.TABLE_DELIVERIES, clock);
    private final NotificationCancel cancel = new NotificationCancel(LocalEngines.get().dynamo(), HeraldTopology.TABLE_DELIVERIES, ledger);
    private final String notificationId = "sched-" + UUID.randomUUID();
    private final List<String> users = List.of("user-a-" + UUID.randomUUID(), "user-b-" + UUID.randomUUID());
    private final List<Map.Entry<Channel, Instant>> sends = new CopyOnWriteArrayList<>();
    private final List<Map.Entry<Instant, ChannelMessage>> delayed = new CopyOnWriteArrayList<>();
    private final Map<Channel, DeliveryProcessor> handlers = new EnumMap<>(Channel.class);

    ScheduledSendIT() {
        for (Channel c : QUEUES.keySet()) {
            handlers.put(c, new DeliveryProcessor(ledger, m -> {
                sends.add(Map.entry(m.channel(), clock.instant()));
                return DeliveryOutcome.delivered();
            }, clock, (m, delay) -> later(m, clock.instant().plus(delay))));
        }
    }

    @AfterEach
    void close() {
        sqs.close();
    }

    @Test
    void scheduledSend_firesOnceAtItsTime_andNotBefore_evenWhenItsMessageArrivesTwice() {
        route();
        // an SQS duplicate of one message
        later(message(Channel.PUSH, users.get(0)), start);

        run(Duration.ofMinutes(59));
        assertThat(sends).as("nothing before the send time").isEmpty();
        assertThat(status(Channel.EMAIL, users.get(1))).isEqualTo(DeliveryStatus.SCHEDULED);

        run(Duration.ofMinutes(5));
        assertThat(sends).as("one send per channel and user").hasSize(6);
        assertThat(sends).allSatisfy(s -> assertThat(s.getValue()).isAfterOrEqualTo(sendAt).isBefore(sendAt.plusSeconds(3)));
        for (String user : users) {
            for (Channel c : QUEUES.keySet()) {
                assertThat(status(c, user)).isEqualTo(DeliveryStatus.SENT);
            }
        }
        assertThat(cancel.cancel(notificationId)).as("a cancel after the send").isInstanceOf(NotificationCancel.Result.AlreadySent.class);
    }

    @Test
    void cancelledScheduledSend_neverSends_andItsRowsSayCancelledByOperator() {
        route();
        run(Duration.ofMinutes(10));

        assertThat(cancel.cancel(notificationId)).isEqualTo(new NotificationCancel.Result.Cancelled(6, 0));
        run(Duration.ofMinutes(60));

        assertThat(sends).as("sends").isEmpty();
        for (String user : users) {
            for (Channel c : QUEUES.keySet()) {
                LedgerEntry row = ledger.find(DeliveryIds.of(notificationId, c, user)).orElseThrow();
                assertThat(row.status()).isEqualTo(DeliveryStatus.CANCELLED);
                assertThat(row.reason()).isEqualTo(NotificationCancel.REASON);
                assertThat(row.attempts()).as("never claimed").isZero();
            }
        }
        assertThat(cancel.cancel(notificationId)).as("a second cancel changes nothing").isEqualTo(new NotificationCancel.Result.Cancelled(0, 6));
    }

    @Test
    void cancelOfAnUnknownNotification_findsNothing() {
        assertThat(cancel.cancel("no-such-" + UUID.randomUUID())).isInstanceOf(NotificationCancel.Result.NotFound.class);
    }

    /** What the router leaves for a scheduled notification: a {@code scheduled} row, then the message, per channel and user. */
    private void route() {
        for (String user : users) {
            for (Channel c : QUEUES.keySet()) {
                ChannelMessage m = message(c, user);
                ledger.recordIfAbsent(LedgerEntry.queued(m, start).withStatus(DeliveryStatus.SCHEDULED, "send at " + sendAt, start));
                later(m, start);
            }
        }
    }

    private ChannelMessage message(Channel channel, String user) {
        return new ChannelMessage(DeliveryIds.of(notificationId, channel, user), notificationId, "order.shipped", "shop", channel, user,
                "orders", Priority.NORMAL, RenderedContent.notification("Your order has shipped", "SO-10042 is on its way"), null, "en",
                "trace-scheduled", sendAt, sendAt);
    }

    /** Puts {@code m} on its queue at {@code at}: ElasticMQ delays by the wall clock, so the test holds it until its clock is there. */
    private void later(ChannelMessage m, Instant at) {
        long millis = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        delayed.add(Map.entry(clock.instant().plusSeconds((millis + 999) / 1000), m));
    }

    /** Plays the three event source mappings for {@code span}: every simulated minute, every second in the minute around the send time. */
    private void run(Duration span) {
        Instant end = clock.instant().plus(span);
        while (clock.instant().isBefore(end)) {
            for (Map.Entry<Instant, ChannelMessage> e : List.copyOf(delayed)) {
                if (!e.getKey().isAfter(clock.instant())) {
                    delayed.remove(e);
                    sqs.sqs().sendMessage(r -> r.queueUrl(sqs.queueUrl(QUEUES.get(e.getValue().channel())))
                            .messageBody(ChannelMessages.toJson(e.getValue())));
                }
            }
            for (Channel c : List.of(Channel.WEBSOCKET, Channel.PUSH, Channel.EMAIL)) {
                sqs.poll(QUEUES.get(c), handlers.get(c)::handle);
            }
            boolean nearSendAt = !clock.instant().isBefore(sendAt.minusSeconds(30)) && clock.instant().isBefore(sendAt.plusSeconds(30));
            clock.advance(nearSendAt ? Duration.ofSeconds(1) : Duration.ofMinutes(1));
        }
    }

    private DeliveryStatus status(Channel c, String user) {
        return ledger.find(DeliveryIds.of(notificationId, c, user)).orElseThrow().status();
    }
}
