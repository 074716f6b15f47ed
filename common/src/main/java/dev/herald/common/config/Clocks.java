package dev.herald.common.config;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock a function tells time by: {@link Clock#systemUTC()}, unless its environment sets {@value EnvNames#CLOCK}
 * to {@value #ADJUSTABLE} - which only {@code herald up} does, when started with the adjustable clock for tests. Then
 * every {@link Clock#instant()} is the system time plus the offset in the JVM system property {@value #OFFSET_PROPERTY}
 * (milliseconds, read on each call): {@code herald up} hosts every function in one JVM, each in its own class loader,
 * so a system property - unlike a static field - is seen by all of them, and moving it moves every function's time at once.
 * Never set on AWS.
 */
public final class Clocks {
    /** The value of {@value EnvNames#CLOCK} that selects the adjustable clock. */
    public static final String ADJUSTABLE = "adjustable";
    /** The JVM system property holding the adjustable clock's offset from the system clock, in milliseconds. */
    public static final String OFFSET_PROPERTY = "herald.clock.offsetMillis";

    private Clocks() {
    }

    /** This function's clock: the system's, or the adjustable one when {@code HERALD_CLOCK=adjustable}. */
    public static Clock current() {
        return fromEnvironment(Environment.current());
    }

    /**
     * @throws ConfigException when {@value EnvNames#CLOCK} is set to anything but {@value #ADJUSTABLE}
     */
    public static Clock fromEnvironment(Environment env) {
        return env.optional(EnvNames.CLOCK).map(v -> {
            if (!ADJUSTABLE.equals(v)) {
                throw new ConfigException("environment variable " + EnvNames.CLOCK + "='" + v + "' is not known; set it to '"
                        + ADJUSTABLE + "' (herald up's test clock) or leave it unset (the system clock)");
            }
            return adjustable();
        }).orElseGet(Clock::systemUTC);
    }

    /** The system clock plus the offset in {@value #OFFSET_PROPERTY} at the moment of each reading. */
    public static Clock adjustable() {
        return new OffsetClock(ZoneOffset.UTC);
    }

    /** The adjustable clock's offset now, in milliseconds (0 when the property is unset). */
    public static long offsetMillis() {
        return Long.getLong(OFFSET_PROPERTY, 0L);
    }

    private static final class OffsetClock extends Clock {
        private final ZoneId zone;

        OffsetClock(ZoneId zone) {
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return new OffsetClock(zone);
        }

        @Override
        public long millis() {
            return System.currentTimeMillis() + offsetMillis();
        }

        @Override
        public Instant instant() {
            return Instant.now().plusMillis(offsetMillis());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof OffsetClock c && c.zone.equals(zone);
        }

        @Override
        public int hashCode() {
            return zone.hashCode() + 31;
        }

        @Override
        public String toString() {
            return "Clocks.adjustable[" + zone + "]";
        }
    }
}
