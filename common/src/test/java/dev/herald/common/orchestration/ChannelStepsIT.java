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
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * WebSocket now, push after 30 s, email after 15 min, unless read: the three channel queues on ElasticMQ whose time is a
 * {@link ManualClock}, the ledger on DynamoDB Local, one {@link DeliveryProcessor} per channel whose deferrals (SQS message
 * delays) the test releases on its clock; the test plays the event source mappings every simulated second. The providers are the senders: each records
 * when it was called and answers as a user with or without a live connection or a device would.
 */
class ChannelStepsIT {
    private static final List<ChannelStep> STEPS = List.of(new ChannelStep(Channel.WEBSOCKET, 0), new ChannelStep(Channel.PUSH, 30),
            new ChannelStep(Channel.EMAIL, 900));
    private static final Map<Channel, String> QUEUES = Map.of(Channel.WEBSOCKET, HeraldTopology.QUEUE_WEBSOCKET,
            Channel.PUSH, HeraldTopology.QUEUE_PUSH, Channel.EMAIL, HeraldTopology.QUEUE_EMAIL);

    private final Instant start = ManualClock.dayAfterTomorrow("12:00");
    private final ManualClock clock = new ManualClock(start);
    private final ClockedSqs sqs = new ClockedSqs(clock, HeraldTopology.standard().queues());
    private final dev.herald.common.testing.DynamoCalls dynamo = new dev.herald.common.testing.DynamoCalls();
    private final DynamoDbDeliveryLedger ledger = new DynamoDbDeliveryLedger(dynamo.client(), HeraldTopology.TABLE_DELIVERIES, clock);
    private final String notificationId = "ntf-" + UUID.randomUUID();
    private final String userId = "user-" + UUID.randomUUID();
    private final Map<Channel, List<Instant>> sends = new ConcurrentHashMap<>();
    private final Map<Channel, Integer> receives = new EnumMap<>(Channel.class);
    private final Map<Channel, Integer> deferrals = new EnumMap<>(Channel.class);
    private final List<Map.Entry<Instant, ChannelMessage>> delayed = new CopyOnWriteArrayList<>();
    /** The end of the user's quiet hours for the later steps (the router's preference filter), or null. */
    private Instant quietUntil;

    @AfterEach
    void close() {
        sqs.close();
    }

    @Test
    void onlineUser_acksTheFrame_getsNoPushAndNoEmail_andBothStepsAreCancelledAsRead() {
        Map<Channel, DeliveryProcessor> handlers = handlers(Map.of(Channel.WEBSOCKET, m -> {
            // the browser acks the frame right away, as ClientActions records it
            ledger.transition(m.deliveryId(), EnumSet.of(DeliveryStatus.SENDING, DeliveryStatus.SENT), DeliveryStatus.DELIVERED, null);
            return new DeliveryOutcome.Acknowledged("posted and acked");
        }));
        route();
        run(handlers, Duration.ofMinutes(16), null);

        assertThat(sent(Channel.WEBSOCKET)).hasSize(1);
        assertThat(sent(Channel.PUSH)).as("pushes").isEmpty();
        assertThat(sent(Channel.EMAIL)).as("emails").isEmpty();
        assertCancelledAsRead(Channel.PUSH);
        assertCancelledAsRead(Channel.EMAIL);
    }

    @Test
    void offlineUser_getsThePushAtOnce_andTheEmailAfterItsDelayWhenThePushIsNotOpened() {
        Map<Channel, DeliveryProcessor> handlers = handlers(Map.of(Channel.WEBSOCKET, m -> DeliveryOutcome.skipped("offline: no live connection")));
        route();
        run(handlers, Duration.ofMinutes(16), null);

        assertThat(sent(Channel.WEBSOCKET)).isEmpty();
        assertThat(sent(Channel.PUSH)).as("one push, at once (not after 30 s)").hasSize(1);
        assertThat(sent(Channel.PUSH).get(0)).isBefore(start.plusSeconds(5));
        assertThat(sent(Channel.EMAIL)).as("one email, after its 15 minutes").hasSize(1);
        assertThat(sent(Channel.EMAIL).get(0)).isAfterOrEqualTo(start.plusSeconds(900)).isBefore(start.plusSeconds(903));
        // every look of a step reads the user's rows of all channels in one BatchGetItem, never a GetItem per channel
        assertThat(dynamo.calls()).doesNotContainKey("GetItem");
        assertThat(dynamo.calls().get("BatchGetItem")).isPositive();
        assertThat(status(Channel.WEBSOCKET)).isEqualTo(DeliveryStatus.SKIPPED);
        assertThat(status(Channel.PUSH)).isEqualTo(DeliveryStatus.SENT);
        assertThat(status(Channel.EMAIL)).isEqualTo(DeliveryStatus.SENT);
    }

    @Test
    void offlineUserWithoutDevice_getsTheEmailAtOnce() {
        Map<Channel, DeliveryProcessor> handlers = handlers(Map.of(
                Channel.WEBSOCKET, m -> DeliveryOutcome.skipped("offline: no live connection"),
                Channel.PUSH, m -> DeliveryOutcome.skipped("no device tokens")));
        route();
        run(handlers, Duration.ofMinutes(16), null);

        assertThat(sent(Channel.EMAIL)).as("one email, at once").hasSize(1);
        assertThat(sent(Channel.EMAIL).get(0)).isBefore(start.plusSeconds(10));
    }

    @Test
    void offlineUserInQuietHours_getsThePushWhenTheQuietHoursEnd_notAtOnce() {
        Map<Channel, DeliveryProcessor> handlers = handlers(Map.of(Channel.WEBSOCKET, m -> DeliveryOutcome.skipped("offline: no live connection")));
        quietUntil = start.plusSeconds(600);
        route();
        run(handlers, Duration.ofMinutes(16), null);

        assertThat(sent(Channel.PUSH)).as("one push, when the quiet hours end").hasSize(1);
        assertThat(sent(Channel.PUSH).get(0)).isAfterOrEqualTo(start.plusSeconds(600)).isBefore(start.plusSeconds(606));
    }

    @Test
    void deliveredButUnread_getsThePushAfter30Seconds_andTheEmailAfter15Minutes_eachOnce() {
        Map<Channel, DeliveryProcessor> handlers = handlers(Map.of());
        route();
        // while the later steps wait, the ledger shows them pending
        run(handlers, Duration.ofSeconds(10), null);
        assertThat(status(Channel.PUSH)).isEqualTo(DeliveryStatus.PENDING);
        assertThat(status(Channel.EMAIL)).isEqualTo(DeliveryStatus.PENDING);
        run(handlers, Duration.ofMinutes(16), null);

        assertThat(sent(Channel.WEBSOCKET)).hasSize(1);
        assertThat(sent(Channel.PUSH)).as("one push").hasSize(1);
        assertThat(sent(Channel.PUSH).get(0)).isAfterOrEqualTo(start.plusSeconds(30)).isBefore(start.plusSeconds(33));
        assertThat(sent(Channel.EMAIL)).as("one email").hasSize(1);
        assertThat(sent(Channel.EMAIL).get(0)).isAfterOrEqualTo(start.plusSeconds(900)).isBefore(start.plusSeconds(903));
        // what a fallback step costs on its queue: the first look, the wait until its time, and (email) a second wait
        // after the push step had been decided: counted, not timed (docs/BENCHMARKS.md)
        assertThat(receives.get(Channel.PUSH)).as("push messages received").isEqualTo(2);
        assertThat(receives.get(Channel.EMAIL)).as("email messages received").isEqualTo(3);
    }

    @Test
    void aReadAfterTheFrame_cancelsThePendingPushAndEmail_whichCostNoSend() {
        Map<Channel, DeliveryProcessor> handlers = handlers(Map.of());
        route();
        // 10 s in, the user opens the notification in the inbox (mark-read moves the user's rows to READ)
        run(handlers, Duration.ofMinutes(16), start.plusSeconds(10));

        assertThat(sent(Channel.WEBSOCKET)).hasSize(1);
        assertThat(sent(Channel.PUSH)).isEmpty();
        assertThat(sent(Channel.EMAIL)).isEmpty();
        assertThat(status(Channel.WEBSOCKET)).isEqualTo(DeliveryStatus.READ);
        assertCancelledAsRead(Channel.PUSH);
        assertCancelledAsRead(Channel.EMAIL);
    }

    @Test
    void aRedeliveredStepMessage_sendsOnce() {
        Map<Channel, DeliveryProcessor> handlers = handlers(Map.of(Channel.WEBSOCKET, m -> DeliveryOutcome.skipped("offline: no live connection")));
        route();
        // a second copy of the push step (an SQS duplicate)
        ChannelMessage push = message(Channel.PUSH);
        later(push, start.plusSeconds(2));
        run(handlers, Duration.ofMinutes(2), null);

        assertThat(sent(Channel.PUSH)).hasSize(1);
    }

    /** Routes the notification as the router does: the rows (pending for the later steps), then one message per step. */
    private void route() {
        for (ChannelStep step : STEPS) {
            ChannelMessage m = message(step.channel());
            ledger.recordIfAbsent(LedgerEntry.queued(m, clock.instant()));
            Instant firstLook = m.steps().isFallback() ? m.steps().firstLook(start, m.notBefore()) : start;
            later(m, firstLook);
        }
    }

    /**
     * Puts {@code m} on its queue at {@code at}, as an SQS message delay (DelaySeconds, whole seconds rounded up) does: ElasticMQ
     * computes a send's delay from the wall clock, not from the test's clock, so the test holds delayed sends until the
     * test's clock reaches them.
     */
    private void later(ChannelMessage m, Instant at) {
        long millis = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        delayed.add(Map.entry(clock.instant().plusSeconds((millis + 999) / 1000), m));
    }

    private void releaseDue() {
        for (Map.Entry<Instant, ChannelMessage> e : List.copyOf(delayed)) {
            if (!e.getKey().isAfter(clock.instant())) {
                delayed.remove(e);
                sqs.sqs().sendMessage(r -> r.queueUrl(sqs.queueUrl(QUEUES.get(e.getValue().channel()))).messageBody(ChannelMessages.toJson(e.getValue())));
                deferrals.merge(e.getValue().channel(), 1, Integer::sum);
            }
        }
    }

    private ChannelMessage message(Channel channel) {
        StepPlan plan = StepPlan.of(STEPS, List.of(Channel.values()), channel);
        Instant notBefore = plan.isFallback() ? plan.due(start, quietUntil) : null;
        return new ChannelMessage(DeliveryIds.of(notificationId, channel, userId), notificationId, "order.shipped", "shop", channel, userId,
                "orders", Priority.NORMAL, RenderedContent.notification("Your order has shipped", "SO-10042 is on its way"), null, "en",
                "trace-steps", start, notBefore, plan);
    }

    private Map<Channel, DeliveryProcessor> handlers(Map<Channel, Function<ChannelMessage, DeliveryOutcome>> answers) {
        Map<Channel, DeliveryProcessor> handlers = new EnumMap<>(Channel.class);
        for (Channel c : QUEUES.keySet()) {
            Function<ChannelMessage, DeliveryOutcome> answer = answers.getOrDefault(c, m -> DeliveryOutcome.delivered());
            handlers.put(c, new DeliveryProcessor(ledger, m -> {
                DeliveryOutcome outcome = answer.apply(m);
                if (!(outcome instanceof DeliveryOutcome.Rejected)) {
                    sends.computeIfAbsent(c, k -> new CopyOnWriteArrayList<>()).add(clock.instant());
                }
                return outcome;
            }, clock, (m, delay) -> later(m, clock.instant().plus(delay))));
        }
        return handlers;
    }

    /**
     * Plays the three event source mappings for {@code span}: every simulated second around the steps' times (the first
     * 40 s, and 895-905 s), every 5 s in between; marks the notification read at {@code readAt}.
     */
    private void run(Map<Channel, DeliveryProcessor> handlers, Duration span, Instant readAt) {
        Instant end = clock.instant().plus(span);
        while (clock.instant().isBefore(end)) {
            if (clock.instant().equals(readAt)) {
                for (Channel c : Channel.values()) {
                    ledger.transition(DeliveryIds.of(notificationId, c, userId), EnumSet.of(DeliveryStatus.SENT, DeliveryStatus.DELIVERED),
                            DeliveryStatus.READ, null);
                }
            }
            releaseDue();
            for (Channel c : List.of(Channel.WEBSOCKET, Channel.PUSH, Channel.EMAIL)) {
                receives.merge(c, sqs.poll(QUEUES.get(c), handlers.get(c)::handle), Integer::sum);
            }
            long elapsed = Duration.between(start, clock.instant()).toSeconds();
            clock.advance(Duration.ofSeconds(elapsed < 40 || (elapsed >= 895 && elapsed <= 905) ? 1 : 5));
        }
    }

    private List<Instant> sent(Channel c) {
        return sends.getOrDefault(c, List.of());
    }

    private DeliveryStatus status(Channel c) {
        return ledger.find(DeliveryIds.of(notificationId, c, userId)).orElseThrow().status();
    }

    private void assertCancelledAsRead(Channel c) {
        LedgerEntry row = ledger.find(DeliveryIds.of(notificationId, c, userId)).orElseThrow();
        assertThat(row.status()).as(c + " step").isEqualTo(DeliveryStatus.CANCELLED);
        assertThat(row.reason()).isEqualTo(StepGate.READ);
        assertThat(row.attempts()).as("never claimed for sending").isZero();
    }
}
