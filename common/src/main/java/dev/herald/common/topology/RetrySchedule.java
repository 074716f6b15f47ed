package dev.herald.common.topology;

import dev.herald.common.aws.Backoff;
import java.time.Duration;

/**
 * How long a channel queue keeps retrying a delivery that fails transiently, and how its receives are
 * spaced: the delay before retry {@code n} grows as {@link Backoff} does (exponential with jitter, from
 * {@code base}) up to {@code max}, and the queue's {@code maxReceiveCount} is {@link #maxReceiveCount()}: just
 * enough receives that even the shortest delays (jitter takes off up to half of each) add up to
 * {@code horizon} before the message reaches the dead-letter queue. Both the function (its back-off) and the
 * queue (its redrive policy, on AWS and under {@code herald up}) read this one record, so they cannot disagree.
 *
 * @param base    the nominal delay before the first retry
 * @param max     the longest delay; at most {@link #SQS_VISIBILITY_CEILING}, as ChangeMessageVisibility takes no more
 * @param horizon how long a delivery keeps being retried at least, counted from its first receive
 */
public record RetrySchedule(Duration base, Duration max, Duration horizon) {
    /**
     * SQS keeps a received message invisible for at most 12 hours from the receive
     * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibility.html);
     * a handler sets the delay a few seconds after the receive, so the ceiling leaves 5 minutes for that.
     */
    public static final Duration SQS_VISIBILITY_CEILING = Duration.ofHours(12).minusMinutes(5);

    public RetrySchedule {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0 || max.compareTo(SQS_VISIBILITY_CEILING) > 0) {
            throw new IllegalArgumentException("a retry schedule needs 0 < base <= max <= " + SQS_VISIBILITY_CEILING
                    + " (SQS's visibility limit); got base=" + base + " max=" + max);
        }
        if (horizon.compareTo(base) < 0) {
            throw new IllegalArgumentException("the retry horizon " + horizon + " is shorter than the first delay " + base);
        }
    }

    /** Receives before the dead-letter queue: the first one plus enough retries that their shortest delays reach the horizon. */
    public int maxReceiveCount() {
        long covered = 0;
        int retries = 0;
        while (covered < horizon.toMillis()) {
            retries++;
            covered += shortestDelayBefore(retries);
        }
        return retries + 1;
    }

    /** The back-off between receives (its {@code maxAttempts} is {@link #maxReceiveCount()}). */
    public Backoff backoff() {
        return new Backoff(base, max, maxReceiveCount());
    }

    /** The delay before retry {@code retry} (1 for the first), with jitter. */
    public Duration delayBefore(int retry) {
        return backoff().delayBefore(retry);
    }

    /** Half the nominal delay: what {@link Backoff}'s jitter can shrink retry {@code retry}'s delay to. */
    long shortestDelayBefore(int retry) {
        long nominal = Math.min(max.toMillis(), base.toMillis() << Math.min(retry - 1, 20));
        return nominal / 2;
    }
}
