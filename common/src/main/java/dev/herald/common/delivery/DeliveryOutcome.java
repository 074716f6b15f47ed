package dev.herald.common.delivery;

import dev.herald.common.ledger.DeliveryStatus;

/**
 * What became of one delivery attempt. Only {@link Failed} is retried (it becomes a batch item
 * failure of the SQS batch); {@link Rejected} is permanent and triggers clean-up.
 */
public sealed interface DeliveryOutcome {
    /** The provider accepted the message. */
    record Delivered() implements DeliveryOutcome {
    }

    /**
     * Nothing was sent and nothing is to be retried, for the reason given: a duplicate of a delivery already claimed
     * or finished, a delivery deferred to a later time, an event the router has fully routed. The ledger row, if any,
     * is left as it is.
     */
    record Acknowledged(String reason) implements DeliveryOutcome {
    }

    /**
     * Permanent: never retried (gone connection, invalid token, suppressed address, bad content).
     *
     * @param ledgerStatus the final ledger status: {@code REJECTED}, or {@code SKIPPED} (nobody to
     *                     deliver to, opted out) or {@code SUPPRESSED} (address on the suppression list)
     */
    record Rejected(String reason, DeliveryStatus ledgerStatus) implements DeliveryOutcome {
        public Rejected(String reason) {
            this(reason, DeliveryStatus.REJECTED);
        }
    }

    /** Transient: retried through SQS redelivery (throttling, 5xx, timeouts). */
    record Failed(String reason) implements DeliveryOutcome {
    }

    static DeliveryOutcome delivered() {
        return new Delivered();
    }

    static DeliveryOutcome rejected(String reason) {
        return new Rejected(reason);
    }

    static DeliveryOutcome skipped(String reason) {
        return new Rejected(reason, DeliveryStatus.SKIPPED);
    }

    static DeliveryOutcome suppressed(String reason) {
        return new Rejected(reason, DeliveryStatus.SUPPRESSED);
    }

    static DeliveryOutcome failed(String reason) {
        return new Failed(reason);
    }
}
