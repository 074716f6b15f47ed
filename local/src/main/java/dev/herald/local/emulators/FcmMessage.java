package dev.herald.local.emulators;

import java.time.Instant;
import java.util.Map;

/**
 * One FCM v1 message the emulator received.
 *
 * @param name     the name it answered ({@code projects/{project}/messages/{id}}), or null when rejected
 * @param token    {@code message.token}, or null for topic/condition sends
 * @param title    {@code message.notification.title}, or null
 * @param body     {@code message.notification.body}, or null
 * @param data     {@code message.data}
 * @param json     the whole request body
 * @param rejection the FCM error code it answered (e.g. UNREGISTERED), or null when accepted
 */
public record FcmMessage(String project, String name, String token, String title, String body, Map<String, String> data,
                         String json, String rejection, Instant receivedAt) {
    public boolean accepted() {
        return rejection == null;
    }
}
