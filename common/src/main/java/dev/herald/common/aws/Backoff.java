package dev.herald.common.aws;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter between retries of a partly failed AWS batch call (BatchGetItem's
 * UnprocessedKeys, PutEvents' failed entries). AWS asks callers to back off before re-sending:
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
 *
 * <p>The delay before retry {@code n} (1-based) is half of {@code min(max, base * 2^(n-1))} plus a
 * random part up to the other half, so retries spread out but never collapse to zero.
 *
 * @param base        the nominal delay before the first retry
 * @param max         the cap on any single delay
 * @param maxAttempts how many calls in all (first call included); at least 1
 */
public record Backoff(Duration base, Duration max, int maxAttempts) {
    public Backoff {
        if (base.isNegative() || max.isNegative() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 <= base <= max; got base=" + base + " max=" + max);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts is " + maxAttempts + "; it counts the first call, so use 1 or more");
        }
    }

    /** The delay before retry {@code retry} (1 for the first retry). */
    public Duration delayBefore(int retry) {
        long cap = max.toMillis();
        long nominal = Math.min(cap, base.toMillis() << Math.min(retry - 1, 20));
        long half = nominal / 2;
        return Duration.ofMillis(half + (nominal - half == 0 ? 0 : ThreadLocalRandom.current().nextLong(nominal - half + 1)));
    }

    /**
     * Sleeps before retry {@code retry}.
     *
     * @throws IllegalStateException if the thread is interrupted (the interrupt flag is kept)
     */
    public void sleepBefore(int retry) {
        try {
            Thread.sleep(delayBefore(retry));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off before retry " + retry, e);
        }
    }
}
