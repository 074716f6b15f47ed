package dev.herald.push;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.event.Problem;
import dev.herald.common.store.DeviceTokenStore.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Validates the body of {@code PUT /v1/devices}: {@code {"platform": "ios"|"android", "token": "...",
 * "app": "com.example.shop"}}. Every problem is reported at once, each naming its field and the fix.
 */
final class DeviceRequests {
    /** APNs tokens are 32 bytes today, hex-encoded; Apple says their length may grow. */
    private static final Pattern IOS_TOKEN = Pattern.compile("[0-9a-fA-F]{64,200}");
    /** FCM registration tokens: printable ASCII, no spaces. */
    private static final Pattern FCM_TOKEN = Pattern.compile("[\\x21-\\x7E]{1,4096}");
    /** iOS bundle ids and Android package names. */
    private static final Pattern APP = Pattern.compile("[A-Za-z0-9._-]{1,255}");

    /** A valid registration. */
    record DeviceRegistration(Platform platform, String token, String app) {
    }

    /** Either a registration or the problems that prevent one. */
    record Validated(DeviceRegistration registration, List<Problem> problems) {
    }

    private DeviceRequests() {
    }

    static Validated validate(JsonNode body) {
        List<Problem> problems = new ArrayList<>();
        String platformText = string(body, "platform", problems);
        String token = string(body, "token", problems);
        String app = string(body, "app", problems);
        Platform platform = null;
        if (platformText == null && !has(problems, "platform")) {
            problems.add(new Problem("platform", "platform is required: \"ios\" or \"android\""));
        } else if (platformText != null) {
            platform = Platform.fromWireName(platformText).orElse(null);
            if (platform == null) {
                problems.add(new Problem("platform", "platform '" + platformText + "' is not supported; use \"ios\" or \"android\""));
            }
        }
        if (token == null && !has(problems, "token")) {
            problems.add(new Problem("token", "token is required: the APNs device token (hex) or the FCM registration token"));
        } else if (token != null && platform == Platform.IOS && !IOS_TOKEN.matcher(token).matches()) {
            problems.add(new Problem("token", "an iOS device token is 64 to 200 hexadecimal characters (the hex of the deviceToken"
                    + " Data from didRegisterForRemoteNotificationsWithDeviceToken); got " + token.length() + " characters"));
        } else if (token != null && platform == Platform.ANDROID && !FCM_TOKEN.matcher(token).matches()) {
            problems.add(new Problem("token", "an FCM registration token is 1 to 4096 printable characters without spaces"
                    + " (from FirebaseMessaging.getToken()); got " + token.length() + " characters"));
        }
        if (app == null && platform == Platform.IOS && !has(problems, "app")) {
            problems.add(new Problem("app", "app is required for iOS: the app's bundle id (the APNs topic), e.g. \"com.example.shop\""));
        } else if (app != null && !APP.matcher(app).matches()) {
            problems.add(new Problem("app", "app must be a bundle id or package name: letters, digits, '.', '-' or '_', e.g. \"com.example.shop\""));
        }
        return new Validated(problems.isEmpty() ? new DeviceRegistration(platform, token, app) : null, List.copyOf(problems));
    }

    private static boolean has(List<Problem> problems, String field) {
        return problems.stream().anyMatch(p -> p.field().equals(field));
    }

    /** The field's text; null when absent or blank; a problem when it is not a string. */
    private static String string(JsonNode body, String field, List<Problem> problems) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            problems.add(new Problem(field, field + " must be a string; got " + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
            return null;
        }
        return v.asText().isBlank() ? null : v.asText();
    }
}
