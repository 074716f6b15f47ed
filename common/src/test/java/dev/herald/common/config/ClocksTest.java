package dev.herald.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClocksTest {
    @AfterEach
    void clearOffset() {
        System.clearProperty(Clocks.OFFSET_PROPERTY);
    }

    @Test
    void fromEnvironment_withoutHeraldClock_isTheSystemClock() {
        assertThat(Clocks.fromEnvironment(Environment.of(Map.of()))).isEqualTo(Clock.systemUTC());
    }

    @Test
    void fromEnvironment_adjustable_addsTheOffsetPropertyAtEachReading() {
        Clock clock = Clocks.fromEnvironment(Environment.of(Map.of(EnvNames.CLOCK, Clocks.ADJUSTABLE)));
        Instant before = Instant.now();

        System.setProperty(Clocks.OFFSET_PROPERTY, Long.toString(Duration.ofHours(2).toMillis()));
        Instant later = clock.instant();

        assertThat(later).isAfterOrEqualTo(before.plus(Duration.ofHours(2)));
        assertThat(later).isBefore(before.plus(Duration.ofHours(2)).plus(Duration.ofMinutes(1)));
        assertThat(clock.millis()).isGreaterThanOrEqualTo(before.plus(Duration.ofHours(2)).toEpochMilli());
    }

    @Test
    void fromEnvironment_anUnknownValue_isRefusedNamingTheValuesThereAre() {
        assertThatThrownBy(() -> Clocks.fromEnvironment(Environment.of(Map.of(EnvNames.CLOCK, "fast"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("HERALD_CLOCK='fast'").hasMessageContaining("adjustable");
    }
}
