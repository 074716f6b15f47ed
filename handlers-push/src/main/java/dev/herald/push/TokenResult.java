package dev.herald.push;

import dev.herald.common.store.DeviceTokenStore.DeviceToken;
import java.time.Instant;

/**
 * What a push service answered for one device token. A push service has three answers (as Pushy
 * puts it: accepted, rejected permanently, failed transiently); a permanent rejection is either about
 * the token ({@link Kind#DEAD}: the token is removed) or about the message or Herald's configuration
 * ({@link Kind#REFUSED}: the token is kept).
 *
 * @param reason       the provider's reason ({@code BadDeviceToken}, {@code UNAVAILABLE}, ...) with a hint; null when delivered
 * @param invalidSince for APNs {@code Unregistered}: when APNs learned the token is invalid, else null
 */
record TokenResult(DeviceToken device, Kind kind, String reason, Instant invalidSince) {

    enum Kind {
        /** The provider accepted the message for this device. */
        DELIVERED,
        /** The token is invalid for good: remove it; never retry. */
        DEAD,
        /** Permanently refused for a reason that is not the token's (payload, configuration): keep it; never retry. */
        REFUSED,
        /** Throttled, provider error or no connection: retry later. */
        TRANSIENT
    }

    static TokenResult delivered(DeviceToken device) {
        return new TokenResult(device, Kind.DELIVERED, null, null);
    }

    static TokenResult dead(DeviceToken device, String reason, Instant invalidSince) {
        return new TokenResult(device, Kind.DEAD, reason, invalidSince);
    }

    static TokenResult refused(DeviceToken device, String reason) {
        return new TokenResult(device, Kind.REFUSED, reason, null);
    }

    static TokenResult transientFailure(DeviceToken device, String reason) {
        return new TokenResult(device, Kind.TRANSIENT, reason, null);
    }
}
