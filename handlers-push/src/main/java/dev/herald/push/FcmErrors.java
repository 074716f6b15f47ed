package dev.herald.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.firebase.ErrorCode;
import com.google.firebase.messaging.MessagingErrorCode;
import dev.herald.common.json.Json;
import dev.herald.common.store.DeviceTokenStore.DeviceToken;

/**
 * Classifies FCM HTTP v1 errors (https://firebase.google.com/docs/reference/fcm/rest/v1/ErrorCode):
 * {@code UNREGISTERED}, {@code SENDER_ID_MISMATCH} and an {@code INVALID_ARGUMENT} about the token
 * are dead tokens; {@code UNAVAILABLE}, {@code INTERNAL}, {@code QUOTA_EXCEEDED} and transport errors
 * are transient; anything else (a bad payload, Herald's credentials) refuses the message and keeps the token.
 */
final class FcmErrors {
    private FcmErrors() {
    }

    /**
     * @param fcmCode the {@code FcmError.errorCode} (null when FCM sent none, e.g. 401 or a transport error)
     * @param code    the generic Google error status
     * @param body    the raw response body, or null
     */
    static TokenResult classify(DeviceToken device, MessagingErrorCode fcmCode, ErrorCode code, String message, String body) {
        if (fcmCode != null) {
            String what = "FCM " + fcmCode.name();
            return switch (fcmCode) {
                case UNREGISTERED, SENDER_ID_MISMATCH -> TokenResult.dead(device, what, null);
                case INVALID_ARGUMENT -> aboutToken(message, body)
                        ? TokenResult.dead(device, what + " (registration token)", null)
                        : TokenResult.refused(device, what + ": FCM refused the message: " + message);
                case UNAVAILABLE, INTERNAL, QUOTA_EXCEEDED -> TokenResult.transientFailure(device, what);
                case THIRD_PARTY_AUTH_ERROR -> TokenResult.refused(device,
                        what + ": FCM could not authenticate to APNs or web push; upload the APNs key in the Firebase console");
            };
        }
        String what = "FCM " + (code == null ? "error" : code.name());
        if (code == null) {
            return TokenResult.transientFailure(device, what + ": " + message);
        }
        return switch (code) {
            case UNAVAILABLE, INTERNAL, UNKNOWN, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, CANCELLED ->
                    TokenResult.transientFailure(device, what);
            case UNAUTHENTICATED, PERMISSION_DENIED -> TokenResult.refused(device,
                    what + ": FCM does not accept Herald's credentials; check serviceAccount and projectId in the FCM secret");
            default -> TokenResult.refused(device, what + ": " + message);
        };
    }

    /**
     * True when an INVALID_ARGUMENT is about the token: FCM then names the field
     * ({@code google.rpc.BadRequest} violation on {@code message.token}) or says "registration token".
     */
    static boolean aboutToken(String message, String body) {
        if (message != null && message.toLowerCase(java.util.Locale.ROOT).contains("registration token")) {
            return true;
        }
        if (body == null || body.isBlank()) {
            return false;
        }
        try {
            for (JsonNode detail : Json.tree(body).path("error").path("details")) {
                for (JsonNode violation : detail.path("fieldViolations")) {
                    if ("message.token".equals(violation.path("field").asText())) {
                        return true;
                    }
                }
            }
        } catch (Json.JsonException e) {
            return false;
        }
        return false;
    }
}
