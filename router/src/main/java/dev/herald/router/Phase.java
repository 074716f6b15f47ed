package dev.herald.router;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.herald.common.delivery.DeliveryOutcome;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.LedgerEntry;
import dev.herald.common.event.Channel;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the router's phases hand each other for one ingress record, in the order {@link BatchRouter} runs them:
 * {@link Received} -> {@link Identified} -> {@link Claimed} -> {@link Filtered} -> {@link Planned} -> {@link Recorded} -> {@link Sent}. Each
 * phase takes the previous one's result and returns its own ({@link Step#next}), or the record's outcome
 * ({@link Step#done}) when the record ends there. All values are immutable.
 */
final class Phase {
    private Phase() {
    }

    /** A phase's result for one record: the next phase's input, or the record's outcome. */
    sealed interface Step<T> {
        record Next<T>(T value) implements Step<T> {
        }

        record Done<T>(DeliveryOutcome outcome) implements Step<T> {
        }

        static <T> Step<T> next(T value) {
            return new Next<>(value);
        }

        static <T> Step<T> done(DeliveryOutcome outcome) {
            return new Done<>(outcome);
        }
    }

    /** A record on its way past the identification: its plan, and its claim once it holds one. */
    sealed interface InFlight permits Identified, Claimed, Holding {
        Identified identified();

        /** The claim this record holds, or null before it is claimed (a failure is then written to no row). */
        default Claimed held() {
            return null;
        }

        default Received received() {
            return identified().received();
        }
    }

    /** A record past its claim. */
    sealed interface Holding extends InFlight permits Filtered, Planned, Recorded, Sent {
        @Override
        Claimed held();

        @Override
        default Identified identified() {
            return held().identified();
        }
    }

    /** An ingress record as SQS handed it over. */
    record Received(SQSEvent.SQSMessage message, int receiveCount) {
    }

    /**
     * A routed record named by its claim.
     *
     * @param chunk   the audience chunk this record carries, or null for an event from the bus
     * @param claimId the ledger claim's id: the notification id, or the chunk's {@link AudienceChunks.Chunk#claimId()}
     */
    record Identified(Received received, RoutingPlan.Routed plan, AudienceChunks.Chunk chunk, String claimId) implements InFlight {
        @Override
        public Identified identified() {
            return this;
        }
    }

    /**
     * A record holding its claim (NEW or INCOMPLETE).
     *
     * @param users the users this record routes itself (at most one chunk)
     */
    record Claimed(Identified identified, DeliveryLedger.NotificationClaim claim, List<String> users) implements InFlight {
        Claimed {
            users = List.copyOf(users);
        }

        @Override
        public Claimed held() {
            return this;
        }

        /** Whether this record's rows cannot exist yet: the notification's first claim, routed by this record alone. */
        boolean fresh() {
            return claim == DeliveryLedger.NotificationClaim.NEW && identified.chunk() == null;
        }
    }

    /**
     * Preferences applied.
     *
     * @param skippedRows the rows of deliveries the user's preferences skip
     * @param deliverable per user, the channels still to deliver and each one's notBefore (null: now)
     * @param at          when the preferences were decided (the rows' and messages' time)
     */
    record Filtered(Claimed claimed, List<LedgerEntry> skippedRows, Map<String, Map<Channel, Instant>> deliverable,
                    Instant at) implements Holding {
        Filtered {
            skippedRows = List.copyOf(skippedRows);
            deliverable = java.util.Collections.unmodifiableMap(deliverable); // keeps the users' order, which the messages follow
        }

        @Override
        public Claimed held() {
            return claimed;
        }
    }

    /**
     * Preferences and enrichment applied.
     *
     * @param rows     the skipped and rejected delivery rows
     * @param outgoing the channel messages to send
     */
    record Planned(Claimed claimed, List<LedgerEntry> rows, List<ChannelFanOut.Outgoing> outgoing, int skipped, int rejected)
            implements Holding {
        Planned {
            rows = List.copyOf(rows);
            outgoing = List.copyOf(outgoing);
        }

        @Override
        public Claimed held() {
            return claimed;
        }
    }

    /**
     * Rows written.
     *
     * @param toSend     the messages to send (a message whose row could not be written, or that a handler already has, is not)
     * @param already    messages left out because a handler has already claimed or finished their delivery
     * @param unrecorded ledger rows that could not be written, one line each
     */
    record Recorded(Planned planned, List<ChannelFanOut.Outgoing> toSend, int already, List<String> unrecorded) implements Holding {
        Recorded {
            toSend = List.copyOf(toSend);
            unrecorded = List.copyOf(unrecorded);
        }

        @Override
        public Claimed held() {
            return planned.claimed();
        }
    }

    /**
     * Messages sent.
     *
     * @param queued   messages now on their channel queue
     * @param failures messages that could not be queued, one line each
     */
    record Sent(Recorded recorded, int queued, List<String> failures) implements Holding {
        Sent {
            failures = List.copyOf(failures);
        }

        @Override
        public Claimed held() {
            return recorded.held();
        }
    }
}
