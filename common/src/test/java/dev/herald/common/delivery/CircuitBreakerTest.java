package dev.herald.common.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T08:00:00Z"));
    private final CircuitBreaker breaker = new CircuitBreaker("APNs",
            new CircuitBreaker.Settings(3, Duration.ofSeconds(30), Duration.ofMinutes(2)), clock);

    @Test
    void breaker_afterThresholdTransientFailuresInARow_refusesCallsUntilTheCoolDownIsOver() {
        for (int i = 0; i < 3; i++) {
            assertThat(breaker.tryAcquire()).isTrue();
            breaker.onFailure();
        }
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryAcquire()).isFalse();
        assertThat(breaker.openReason()).contains("APNs circuit breaker open", "3 transient failures");
        clock.advance(Duration.ofSeconds(29));
        assertThat(breaker.tryAcquire()).isFalse();
    }

    @Test
    void breaker_aSuccessBetweenFailures_startsTheCountAgain() {
        breaker.onFailure();
        breaker.onFailure();
        breaker.onSuccess();
        breaker.onFailure();
        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void breaker_afterTheCoolDown_letsOneProbeThrough_andClosesWhenItSucceeds() {
        open();
        clock.advance(Duration.ofSeconds(30));
        assertThat(breaker.tryAcquire()).as("the probe").isTrue();
        assertThat(breaker.tryAcquire()).as("a second call while the probe runs").isFalse();
        breaker.onSuccess();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void breaker_aFailedProbe_opensAgainForTwiceTheCoolDown_upToTheMaximum() {
        open();
        clock.advance(Duration.ofSeconds(30));
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onFailure();
        clock.advance(Duration.ofSeconds(59));
        assertThat(breaker.tryAcquire()).as("within the doubled cool-down").isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onFailure();
        // 120 s now, the maximum; a further failure keeps 120 s
        clock.advance(Duration.ofSeconds(120));
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onFailure();
        clock.advance(Duration.ofSeconds(119));
        assertThat(breaker.tryAcquire()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void breaker_aProbeThatNeverReports_isReplacedAfterACoolDown() {
        open();
        clock.advance(Duration.ofSeconds(30));
        assertThat(breaker.tryAcquire()).isTrue();
        clock.advance(Duration.ofSeconds(31));
        assertThat(breaker.tryAcquire()).isTrue();
    }

    private void open() {
        for (int i = 0; i < 3; i++) {
            breaker.tryAcquire();
            breaker.onFailure();
        }
    }
}
