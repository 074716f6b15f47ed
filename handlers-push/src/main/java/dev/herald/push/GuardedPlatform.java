package dev.herald.push;

import dev.herald.common.delivery.CircuitBreaker;
import dev.herald.common.store.DeviceTokenStore.DeviceToken;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A push platform behind its {@link CircuitBreaker}: while the breaker is open every device fails transiently
 * with the breaker's reason and the platform is not called. A send in which the service answered for at least one
 * device (accepted, or refused for good) counts as a success; one in which every device failed transiently as a
 * failure.
 */
final class GuardedPlatform implements PushPlatform {
    private final PushPlatform platform;
    private final CircuitBreaker breaker;

    GuardedPlatform(PushPlatform platform, CircuitBreaker breaker) {
        this.platform = platform;
        this.breaker = breaker;
    }

    @Override
    public CompletableFuture<List<TokenResult>> send(PushPayload payload, List<DeviceToken> devices) {
        if (!breaker.tryAcquire()) {
            String reason = breaker.openReason();
            return CompletableFuture.completedFuture(devices.stream().map(d -> TokenResult.transientFailure(d, reason)).toList());
        }
        return platform.send(payload, devices).whenComplete((results, error) -> {
            if (error == null && results.stream().anyMatch(r -> r.kind() != TokenResult.Kind.TRANSIENT)) {
                breaker.onSuccess();
            } else {
                breaker.onFailure();
            }
        });
    }

    @Override
    public void close() {
        platform.close();
    }
}
