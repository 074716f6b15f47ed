package dev.herald.push;

import dev.herald.common.store.DeviceTokenStore.DeviceToken;
import java.time.Instant;
import java.util.Set;

/**
 * Classifies APNs answers as Apple documents them
 * (https://developer.apple.com/documentation/usernotifications/handling-notification-responses-from-apns):
 * a token APNs says is malformed, for another topic or environment, or unregistered is dead; throttling,
 * server errors and a provider token that merely expired are transient; every other rejection
 * (payload, topic, Herald's key) is permanent for this message but says nothing about the token.
 */
final class ApnsResponses {
    /** The token is invalid for this app and environment: remove it. */
    static final Set<String> DEAD = Set.of("BadDeviceToken", "DeviceTokenNotForTopic", "Unregistered", "ExpiredToken");
    /** Retry later; Pushy itself mints a new provider token after ExpiredProviderToken. */
    static final Set<String> TRANSIENT = Set.of("TooManyRequests", "TooManyProviderTokenUpdates", "InternalServerError",
            "ServiceUnavailable", "Shutdown", "ExpiredProviderToken", "IdleTimeout");

    private ApnsResponses() {
    }

    /**
     * @param status       the HTTP status APNs answered
     * @param reason       the {@code reason} of the body, or null
     * @param invalidSince the {@code timestamp} of a 410 body, or null
     */
    static TokenResult classify(DeviceToken device, int status, String reason, Instant invalidSince) {
        String what = "APNs " + (reason == null ? "status" : reason) + " (" + status + ")";
        if (status == 200) {
            return TokenResult.delivered(device);
        }
        if (status == 410 || (reason != null && DEAD.contains(reason))) {
            return TokenResult.dead(device, what, invalidSince);
        }
        if (status == 429 || status >= 500 || (reason != null && TRANSIENT.contains(reason))) {
            return TokenResult.transientFailure(device, what);
        }
        return TokenResult.refused(device, what + hint(reason));
    }

    private static String hint(String reason) {
        if (reason == null) {
            return "";
        }
        return switch (reason) {
            case "InvalidProviderToken", "MissingProviderToken" ->
                    ": APNs does not accept Herald's provider token; check teamId, keyId and signingKey in the APNs secret";
            case "BadTopic", "TopicDisallowed", "MissingTopic" ->
                    ": the topic is not this key's app; register the device with app = its bundle id, or fix topic in the APNs secret";
            case "PayloadTooLarge" -> ": the push is over 4 KB; shorten the push template or the event's data";
            default -> "";
        };
    }
}
