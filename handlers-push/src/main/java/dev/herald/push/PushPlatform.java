package dev.herald.push;

import dev.herald.common.store.DeviceTokenStore.DeviceToken;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A push service (APNs or FCM) that sends one payload to some device tokens of one user.
 * The future completes with exactly one {@link TokenResult} per device, in any order, and never
 * completes exceptionally: connection problems are {@link TokenResult.Kind#TRANSIENT} results.
 */
interface PushPlatform extends AutoCloseable {

    CompletableFuture<List<TokenResult>> send(PushPayload payload, List<DeviceToken> devices);

    /** Releases connections and threads; the platform cannot send afterwards. */
    @Override
    default void close() {
    }

    /**
     * A platform Herald has no credentials for: every device is {@link TokenResult.Kind#REFUSED} with
     * {@code reason}, which says which secret to fill in.
     */
    static PushPlatform unavailable(String reason) {
        return (payload, devices) -> CompletableFuture.completedFuture(
                devices.stream().map(d -> TokenResult.refused(d, reason)).toList());
    }
}
