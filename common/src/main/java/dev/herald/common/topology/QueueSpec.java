package dev.herald.common.topology;

import java.time.Duration;
import java.util.Optional;

/**
 * An SQS queue. A queue with a dead-letter queue moves a message there after
 * {@link DeadLetter#maxReceiveCount()} receives.
 */
public record QueueSpec(String name, Duration visibilityTimeout, Duration retention, Optional<DeadLetter> deadLetter) {
    public record DeadLetter(String queue, int maxReceiveCount) {
    }

    public static QueueSpec deadLetterQueue(String name) {
        return new QueueSpec(name, Duration.ofSeconds(30), Duration.ofDays(14), Optional.empty());
    }
}
