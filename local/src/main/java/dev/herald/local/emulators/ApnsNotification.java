package dev.herald.local.emulators;

import java.time.Instant;

/**
 * One notification the APNs emulator received.
 *
 * @param token    the device token from the request path
 * @param topic    {@code apns-topic} (the app's bundle id)
 * @param payload  the JSON payload as sent
 * @param priority {@code apns-priority} (10 immediate, 5 power-considerate), or null when absent
 * @param pushType {@code apns-push-type}, or null
 * @param collapseId {@code apns-collapse-id}, or null
 * @param accepted false when the emulator rejected it; then {@code rejection} is APNs' reason (e.g. BadDeviceToken)
 */
public record ApnsNotification(String token, String topic, String payload, String priority, String pushType, String collapseId,
                               boolean accepted, String rejection, Instant receivedAt) {
}
