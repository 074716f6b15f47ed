package dev.herald.local.clock;

import dev.herald.common.config.Clocks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The time of a {@code herald up} started with the adjustable clock: the system time plus an offset that only grows.
 * The offset lives in the JVM system property {@value Clocks#OFFSET_PROPERTY}, which every hosted function's
 * {@link Clocks#adjustable()} reads (each function has a class loader of its own; system properties are the JVM's), so
 * {@link #advance} moves every function, the Scheduler and the {@link DelayLine} at once, then runs what waits for the
 * new time (due schedules, due delayed messages) before it returns. One per JVM: starting it sets the offset to 0, closing
 * it clears the property. Thread-safe.
 */
public final class AdjustableClock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdjustableClock.class);

    private final Clock clock = Clocks.adjustable();
    private final List<Runnable> onAdvance = new CopyOnWriteArrayList<>();

    /** Starts at the system time (offset 0). */
    public AdjustableClock() {
        System.setProperty(Clocks.OFFSET_PROPERTY, "0");
    }

    /** The clock: system time plus the offset at each reading. */
    public Clock clock() {
        return clock;
    }

    public Instant now() {
        return clock.instant();
    }

    /** Runs {@code task} after each {@link #advance} (firing due schedules, releasing due messages). */
    public void onAdvance(Runnable task) {
        onAdvance.add(task);
    }

    /**
     * Moves the time forward by {@code by} and runs what is due at the new time before returning.
     *
     * @return the new time
     * @throws IllegalArgumentException when {@code by} is negative (time never goes back: a schedule that fired would
     *                                  not fire again, a claim would look younger than it is)
     */
    public synchronized Instant advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("cannot move the clock back by " + by.negated() + "; the adjustable clock only moves forward"
                    + " (advance by a positive ISO-8601 duration such as PT30S)");
        }
        long offset = Clocks.offsetMillis() + by.toMillis();
        System.setProperty(Clocks.OFFSET_PROPERTY, Long.toString(offset));
        Instant now = clock.instant();
        LOG.info("clock advanced by={} now={} offsetMillis={}", by, now, offset);
        for (Runnable task : onAdvance) {
            task.run();
        }
        return now;
    }

    /** How far ahead of the system clock it is. */
    public Duration offset() {
        return Duration.ofMillis(Clocks.offsetMillis());
    }

    @Override
    public void close() {
        System.clearProperty(Clocks.OFFSET_PROPERTY);
    }
}
