package dev.herald.common.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC clock that stands still until the test moves it (cache times, TTLs, back-off, simulated hours in a test of seconds). Thread-safe. */
public final class ManualClock extends Clock {
    private volatile Instant now;

    public ManualClock(Instant start) {
        this.now = start;
    }

    /**
     * {@code hhmm} (UTC) on the day after tomorrow by the real clock: where a test on {@link ClockedSqs} starts its
     * simulated time. ElasticMQ hands out no message sent at a simulated time behind the real one, so a fixed date in
     * such a test breaks once the real date passes it; a start ahead of the real time keeps working on any day.
     */
    public static Instant dayAfterTomorrow(String hhmm) {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS).plus(Duration.ofDays(2))
                .plus(Duration.between(java.time.LocalTime.MIDNIGHT, java.time.LocalTime.parse(hhmm)));
    }

    public synchronized void advance(Duration d) {
        now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
