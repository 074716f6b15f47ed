package dev.herald.common.orchestration;

import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.event.Channel;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.DeliveryStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether a later channel step fires, from the ledger alone, when its message is received:
 * <ul>
 *   <li>the notification was read by the user (a row READ, or the WebSocket row DELIVERED: the browser acked the frame)
 *       - never: the step's row becomes {@code cancelled} with reason {@value #READ}, and nothing is sent;</li>
 *   <li>the step before could not reach the user (its row {@code skipped}, {@code rejected}, {@code suppressed},
 *       {@code unrouted} or {@code cancelled}: no live connection, no device, no confirmed address) - at once, unless
 *       the user's quiet hours pushed the step's time past its delay (then at that time);</li>
 *   <li>the step before was sent but not read - at the step's time ({@code notBefore}: routing time + the step's delay);</li>
 *   <li>the step before is not decided yet - the message waits until that step's own time (or {@link #RECHECK}, whichever
 *       is later) and asks again, never past its own time; at its own time it fires unless read.</li>
 * </ul>
 * A wait is a deferral of the message ({@code DeliveryProcessor.Deferrer}: SQS's delay up to 15 minutes, a one-time
 * schedule beyond), so a pending step holds no function. Reads the user's row of every channel in one BatchGetItem; thread-safe.
 */
public final class StepGate {
    /** The ledger reason of a step cancelled because the notification was read. */
    public static final String READ = "read";
    /** How soon a step asks again when the step before it has not finished yet. */
    public static final Duration RECHECK = Duration.ofSeconds(2);

    /** Statuses of a step that could not reach the user: the next step fires at once. */
    private static final Set<DeliveryStatus> UNREACHABLE = EnumSet.of(DeliveryStatus.SKIPPED, DeliveryStatus.REJECTED,
            DeliveryStatus.SUPPRESSED, DeliveryStatus.UNROUTED, DeliveryStatus.CANCELLED);
    /** Statuses from which a waiting step is cancelled. */
    public static final Set<DeliveryStatus> CANCELLABLE = EnumSet.of(DeliveryStatus.PENDING, DeliveryStatus.QUEUED, DeliveryStatus.FAILED);

    /** What to do with a received step message. */
    public sealed interface Decision {
        /** Send it now. */
        record Fire() implements Decision {
        }

        /** Send nothing: the row becomes {@code cancelled} with {@code reason}. */
        record Cancel(String reason) implements Decision {
        }

        /** Put it back until {@code until}, then decide again. */
        record Wait(Instant until) implements Decision {
        }
    }

    private final DeliveryLedger ledger;
    private final Clock clock;

    public StepGate(DeliveryLedger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    /** The decision for {@code m}, a message whose plan is a fallback step ({@link StepPlan#isFallback()}). */
    public Decision decide(ChannelMessage m) {
        StepPlan plan = m.steps();
        Map<Channel, DeliveryStatus> rows = new EnumMap<>(Channel.class);
        Map<String, Channel> ids = new java.util.LinkedHashMap<>();
        for (Channel c : Channel.values()) {
            ids.put(DeliveryIds.of(m.notificationId(), c, m.userId()), c);
        }
        ledger.findAll(List.copyOf(ids.keySet())).forEach((id, row) -> rows.put(ids.get(id), row.status()));
        if (isRead(rows)) {
            return new Decision.Cancel(READ);
        }
        Instant now = clock.instant();
        Instant due = m.notBefore() != null ? m.notBefore() : now;
        if (!now.isBefore(due)) {
            return new Decision.Fire();
        }
        Instant created = m.createdAt() != null ? m.createdAt() : now;
        // a time later than the step's own delay is the user's quiet hours: the step never fires inside them
        boolean quiet = due.isAfter(created.plusSeconds(plan.current().afterSeconds()));
        DeliveryStatus before = rows.get(plan.previous().channel());
        if (before != null && UNREACHABLE.contains(before) && !quiet) {
            return new Decision.Fire();
        }
        if (before == DeliveryStatus.SENT || before == DeliveryStatus.DELIVERED) {
            return new Decision.Wait(due);
        }
        if (quiet) {
            return new Decision.Wait(due);
        }
        // not decided yet (queued, pending, sending, failed): ask again once it may be
        Instant previousDue = created.plusSeconds(plan.previous().afterSeconds());
        Instant again = previousDue.isAfter(now.plus(RECHECK)) ? previousDue : now.plus(RECHECK);
        return new Decision.Wait(again.isBefore(due) ? again : due);
    }

    /** The read state of the contract: any row READ, or the WebSocket row DELIVERED (the client acked the frame). */
    public static boolean isRead(Map<Channel, DeliveryStatus> rows) {
        return rows.containsValue(DeliveryStatus.READ) || rows.get(Channel.WEBSOCKET) == DeliveryStatus.DELIVERED;
    }
}
