package dev.herald.common.delivery;

/**
 * What became of one delivery attempt. Only {@link Failed} is retried (it becomes a batch item
 * failure of the SQS batch); {@link Rejected} is permanent and triggers clean-up.
 */
public sealed interface DeliveryOutcome {
    /** The provider accepted the message. */
    record Delivered() implements DeliveryOutcome {
    }

    /** Permanent: never retried (gone connection, invalid token, suppressed address, bad content). */
    record Rejected(String reason) implements DeliveryOutcome {
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

    static DeliveryOutcome failed(String reason) {
        return new Failed(reason);
    }
}
