package dev.herald.push;

import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.delivery.CircuitBreaker;
import dev.herald.common.delivery.DeliveryOutcome;
import dev.herald.common.delivery.DeliveryProcessor;
import dev.herald.common.store.DeviceTokenStore;
import dev.herald.common.store.DeviceTokenStore.DeviceToken;
import dev.herald.common.store.DeviceTokenStore.Platform;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one push delivery to every device the recipient registered: iOS tokens through APNs,
 * Android tokens through FCM, both at once. Tokens a service declares dead are removed from the
 * {@link DeviceTokenStore} (a clean-up that fails is logged and never fails the delivery: that would push again to
 * the devices that accepted); the per-device answers become one outcome ({@link PushOutcomes}).
 * A user without devices is {@code skipped}. Never throws for a provider's answer; a device whose
 * service has not answered within {@code timeout} counts as a transient failure. Each service sits behind a
 * {@link CircuitBreaker}: while one is down, its devices fail fast without a call.
 */
final class PushSender implements DeliveryProcessor.Sender {
    private static final Logger LOG = LoggerFactory.getLogger(PushSender.class);

    private final DeviceTokenStore tokens;
    private final PushPlatform apns;
    private final PushPlatform fcm;
    private final Duration timeout;

    /** With the default circuit breakers ({@link CircuitBreaker#DEFAULTS}) on the system clock. */
    PushSender(DeviceTokenStore tokens, PushPlatform apns, PushPlatform fcm, Duration timeout) {
        this(tokens, apns, fcm, timeout, CircuitBreaker.DEFAULTS, Clock.systemUTC());
    }

    /** Each platform behind a circuit breaker of its own ({@link GuardedPlatform}), for this function instance. */
    PushSender(DeviceTokenStore tokens, PushPlatform apns, PushPlatform fcm, Duration timeout, CircuitBreaker.Settings breakers, Clock clock) {
        this.tokens = tokens;
        this.apns = new GuardedPlatform(apns, new CircuitBreaker("APNs", breakers, clock));
        this.fcm = new GuardedPlatform(fcm, new CircuitBreaker("FCM", breakers, clock));
        this.timeout = timeout;
    }

    @Override
    public DeliveryOutcome send(ChannelMessage message) {
        List<DeviceToken> devices = tokens.forUser(message.userId());
        if (devices.isEmpty()) {
            return DeliveryOutcome.skipped("no device tokens: the user has registered no device (PUT /v1/devices)");
        }
        PushPayload payload = PushPayload.from(message);
        List<DeviceToken> ios = devices.stream().filter(d -> d.platform() == Platform.IOS).toList();
        List<DeviceToken> android = devices.stream().filter(d -> d.platform() == Platform.ANDROID).toList();
        CompletableFuture<List<TokenResult>> apnsResults = ios.isEmpty() ? CompletableFuture.completedFuture(List.of()) : apns.send(payload, ios);
        CompletableFuture<List<TokenResult>> fcmResults = android.isEmpty() ? CompletableFuture.completedFuture(List.of()) : fcm.send(payload, android);
        long deadline = System.nanoTime() + timeout.toNanos();
        List<TokenResult> results = new ArrayList<>();
        results.addAll(await(apnsResults, ios, "APNs", deadline));
        results.addAll(await(fcmResults, android, "FCM", deadline));
        removeDeadTokens(results);
        DeliveryOutcome outcome = PushOutcomes.combine(results);
        long transients = results.stream().filter(r -> r.kind() == TokenResult.Kind.TRANSIENT).count();
        if (outcome instanceof DeliveryOutcome.Delivered && transients > 0) {
            LOG.warn("push delivered to some devices, not to others; not retried deliveryId={} {}", message.deliveryId(),
                    PushOutcomes.summary(transients + " of " + results.size() + " device(s) failed transiently",
                            results.stream().filter(r -> r.kind() == TokenResult.Kind.TRANSIENT).toList()));
        }
        return outcome;
    }

    /** Both services are sent to at once and share one deadline. */
    private List<TokenResult> await(CompletableFuture<List<TokenResult>> future, List<DeviceToken> devices, String service, long deadline) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return devices.stream().map(d -> TokenResult.transientFailure(d, service + " did not answer within " + timeout.toSeconds() + " s")).toList();
        } catch (ExecutionException e) {
            return devices.stream().map(d -> TokenResult.transientFailure(d, service + " send failed: " + e.getCause())).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return devices.stream().map(d -> TokenResult.transientFailure(d, service + " send interrupted")).toList();
        }
    }

    private void removeDeadTokens(List<TokenResult> results) {
        for (TokenResult r : results) {
            if (r.kind() != TokenResult.Kind.DEAD) {
                continue;
            }
            DeviceToken d = r.device();
            boolean removed;
            try {
                removed = r.invalidSince() != null
                        ? tokens.deleteUnlessSeenAfter(d.userId(), d.token(), r.invalidSince())
                        : tokens.delete(d.userId(), d.token());
            } catch (RuntimeException e) {
                // The sends are done: failing the delivery now would send again to the devices that accepted it.
                // The token stays; the next push to it is refused again and removes it then.
                LOG.warn("dead device token not removed; kept for the next attempt userId={} platform={} error={}",
                        d.userId(), d.platform().wireName(), e.toString());
                continue;
            }
            LOG.info("dead device token {} userId={} platform={} reason={}", removed ? "removed" : "kept (re-registered or gone)",
                    d.userId(), d.platform().wireName(), r.reason());
        }
    }
}
