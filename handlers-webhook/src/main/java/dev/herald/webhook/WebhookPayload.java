package dev.herald.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The body of a webhook delivery, in Standard Webhooks' recommended shape: {@code {"type", "timestamp", "data"}}, the
 * data holding the notification (ids, user, category, priority, source, locale, the rendered content if the route
 * rendered one, and the producer's data).
 */
final class WebhookPayload {
    private WebhookPayload() {
    }

    static byte[] body(ChannelMessage m) {
        ObjectNode root = Json.object();
        root.put("type", m.eventType());
        root.put("timestamp", (m.createdAt() == null ? java.time.Instant.EPOCH : m.createdAt()).toString());
        ObjectNode data = root.putObject("data");
        data.put("notificationId", m.notificationId());
        data.put("deliveryId", m.deliveryId());
        data.put("userId", m.userId());
        data.put("source", m.source());
        data.put("category", m.category());
        data.put("priority", m.priority() == null ? null : m.priority().name().toLowerCase(java.util.Locale.ROOT));
        data.put("locale", m.locale());
        if (m.content() != null) {
            data.set("content", Json.mapper().valueToTree(m.content()));
        }
        data.set("data", m.dataObject());
        return Json.write(root).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code msg_} + 32 hex digits, the same for every attempt of one delivery to one endpoint (receivers deduplicate on it). */
    static String messageId(String deliveryId, String endpointId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((deliveryId + "\n" + endpointId).getBytes(StandardCharsets.UTF_8));
            return "msg_" + HexFormat.of().formatHex(h, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }
}
