package dev.herald.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.delivery.RenderedContent;
import dev.herald.common.json.Json;
import java.util.function.Function;

/**
 * The frame a browser receives for a notification:
 * {@code {"type":"notification","deliveryId","notificationId","eventType","category","priority","title","body","data","createdAt"}}.
 * The client acknowledges it with {@code {"action":"ack","deliveryId":...}}.
 *
 * <p>Title and body each come from the rendered content when the route rendered one, else from the
 * producer's {@code data.title} / {@code data.body}, else they are the event type, so a frame always
 * has something to show. Fields without a value (category, data) are left out.
 */
final class NotificationFrame {
    private NotificationFrame() {
    }

    static String of(ChannelMessage m) {
        ObjectNode frame = Json.object();
        frame.put("type", "notification");
        frame.put("deliveryId", m.deliveryId());
        putIfPresent(frame, "notificationId", m.notificationId());
        putIfPresent(frame, "eventType", m.eventType());
        putIfPresent(frame, "category", m.category());
        if (m.priority() != null) {
            frame.put("priority", m.priority().wireName());
        }
        putIfPresent(frame, "title", text(m, RenderedContent::title, "title"));
        putIfPresent(frame, "body", text(m, RenderedContent::body, "body"));
        if (m.data() != null) {
            frame.set("data", m.data());
        }
        if (m.createdAt() != null) {
            frame.put("createdAt", m.createdAt().toString());
        }
        return Json.write(frame);
    }

    private static String text(ChannelMessage m, Function<RenderedContent, String> fromContent, String dataField) {
        if (m.content() != null && fromContent.apply(m.content()) != null) {
            return fromContent.apply(m.content());
        }
        JsonNode v = m.dataObject().get(dataField);
        if (v != null && v.isValueNode() && !v.isNull()) {
            return v.asText();
        }
        return m.eventType();
    }

    private static void putIfPresent(ObjectNode frame, String field, String value) {
        if (value != null) {
            frame.put(field, value);
        }
    }
}
