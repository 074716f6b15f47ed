package dev.herald.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.event.Priority;
import dev.herald.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What a push says, independent of APNs or FCM: title and body (from the rendered content, else the
 * producer's {@code data.title} / {@code data.body}, else the event type as the title), the producer's
 * data, urgency, and a collapse id derived from the delivery id - the same for every attempt of one
 * delivery, so a device that gets a resend replaces the first copy instead of showing it twice.
 *
 * @param data   the producer's data plus {@code deliveryId}, {@code notificationId} and {@code eventType}
 * @param urgent true for high and critical priority (APNs priority 10, FCM high); false for normal
 */
record PushPayload(String deliveryId, String title, String body, String category, ObjectNode data, boolean urgent, UUID collapseId) {

    static PushPayload from(ChannelMessage m) {
        ObjectNode data = m.dataObject().deepCopy();
        String title = firstText(m.content() == null ? null : m.content().title(), dataText(data, "title"), m.eventType());
        String body = firstText(m.content() == null ? null : m.content().body(), dataText(data, "body"), null);
        // Herald's ids last: a producer's field of the same name must not hide them from the app.
        data.put("deliveryId", m.deliveryId());
        if (m.notificationId() != null) {
            data.put("notificationId", m.notificationId());
        }
        if (m.eventType() != null) {
            data.put("eventType", m.eventType());
        }
        boolean urgent = m.priority() == Priority.HIGH || m.priority() == Priority.CRITICAL;
        return new PushPayload(m.deliveryId(), title, body, m.category(), data, urgent, collapseIdOf(m.deliveryId()));
    }

    /** A name-based UUID of the delivery id: stable across attempts, 36 characters (APNs allows 64). */
    static UUID collapseIdOf(String deliveryId) {
        return UUID.nameUUIDFromBytes(("herald-push:" + deliveryId).getBytes(StandardCharsets.UTF_8));
    }

    /** The data as FCM needs it: string values only (objects and arrays as JSON text). */
    Map<String, String> stringData() {
        Map<String, String> out = new LinkedHashMap<>();
        data.properties().forEach(e -> {
            JsonNode v = e.getValue();
            if (!v.isNull()) {
                out.put(e.getKey(), v.isValueNode() ? v.asText() : Json.write(v));
            }
        });
        return out;
    }

    private static String dataText(ObjectNode data, String field) {
        JsonNode v = data == null ? null : data.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static String firstText(String a, String b, String c) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        if (b != null && !b.isBlank()) {
            return b;
        }
        return c;
    }
}
