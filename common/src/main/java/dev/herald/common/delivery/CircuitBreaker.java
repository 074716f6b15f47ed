package dev.herald.common.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Stops calling a provider (APNs, FCM, SES) that keeps failing, for one function instance. Closed, every
 * call goes through; after {@code threshold} transient failures in a row it opens, and {@link #tryAcquire()}
 * refuses every call (the caller fails the delivery transiently without calling the provider, and SQS brings
 * the message back after its back-off). After the cool-down one call is let through as a probe (half-open):
 * a success closes the breaker, a failure opens it again for twice the cool-down, up to {@code maxCoolDown}.
 * A permanent answer (a dead token, a refused message) is the provider answering, so it counts as a success.
 * A probe that has not reported within a cool-down is replaced by the next call.
 *
 * <p>Thread-safe. Each function instance has its own breakers: with {@code c} concurrent instances a provider
 * that is down sees at most {@code c} probes per cool-down.
 */
public final class CircuitBreaker {
    /** Opens after 5 transient failures in a row; first probe after 30 s, then 1, 2, 4 minutes and every 5 minutes. */
    public static final Settings DEFAULTS = new Settings(5, Duration.ofSeconds(30), Duration.ofMinutes(5));

    /**
     * @param threshold   transient failures in a row that open the breaker (at least 1)
     * @param coolDown    how long it stays open the first time
     * @param maxCoolDown the longest it stays open between probes
     */
    public record Settings(int threshold, Duration coolDown, Duration maxCoolDown) {
        public Settings {
            if (threshold < 1 || coolDown.isNegative() || coolDown.isZero() || maxCoolDown.compareTo(coolDown) < 0) {
                throw new IllegalArgumentException("a circuit breaker needs threshold >= 1 and 0 < coolDown <= maxCoolDown; got "
                        + threshold + ", " + coolDown + ", " + maxCoolDown);
            }
        }
    }

    /** Where the breaker stands. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final String provider;
    private final Settings settings;
    private final Clock clock;
    private State state = State.CLOSED;
    private int failuresInARow;
    private Duration currentCoolDown;
    private Instant openUntil = Instant.MIN;
    private Instant probeStarted = Instant.MIN;

    public CircuitBreaker(String provider, Settings settings, Clock clock) {
        this.provider = provider;
        this.settings = settings;
        this.clock = clock;
        this.currentCoolDown = settings.coolDown();
    }

    /** The provider's name, for reasons and logs ("APNs"). */
    public String provider() {
        return provider;
    }

    /**
     * Whether a call may go to the provider now. True when closed, and for the one probe once the cool-down
     * is over; the caller must then report the call's result ({@link #onSuccess()} or {@link #onFailure()}).
     */
    public synchronized boolean tryAcquire() {
        switch (state) {
            case CLOSED -> {
                return true;
            }
            case OPEN -> {
                if (clock.instant().isBefore(openUntil)) {
                    return false;
                }
                state = State.HALF_OPEN;
                probeStarted = clock.instant();
                return true;
            }
            default -> {
                // a probe that never reported (its call hung) must not keep the breaker half-open for good
                if (clock.instant().isAfter(probeStarted.plus(currentCoolDown))) {
                    probeStarted = clock.instant();
                    return true;
                }
                return false;
            }
        }
    }

    /** The provider answered (accepted, or rejected for good): closes the breaker. */
    public synchronized void onSuccess() {
        state = State.CLOSED;
        failuresInARow = 0;
        currentCoolDown = settings.coolDown();
    }

    /** The provider failed transiently (5xx, throttled, unreachable, timed out). */
    public synchronized void onFailure() {
        switch (state) {
            case CLOSED -> {
                failuresInARow++;
                if (failuresInARow >= settings.threshold()) {
                    open(settings.coolDown());
                }
            }
            case HALF_OPEN -> {
                Duration doubled = currentCoolDown.multipliedBy(2);
                open(doubled.compareTo(settings.maxCoolDown()) > 0 ? settings.maxCoolDown() : doubled);
            }
            default -> {
                // a call that started before the breaker opened: it is open already
            }
        }
    }

    private void open(Duration coolDown) {
        state = State.OPEN;
        currentCoolDown = coolDown;
        openUntil = clock.instant().plus(coolDown);
    }

    public synchronized State state() {
        return state;
    }

    /** Why a call was refused: the reason a fast-failed delivery records. */
    public synchronized String openReason() {
        return provider + " circuit breaker open after " + settings.threshold() + " transient failures in a row; not called until the probe at "
                + openUntil + " (the delivery is retried after its back-off)";
    }
}
