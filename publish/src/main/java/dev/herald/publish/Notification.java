package dev.herald.publish;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.json.Json;

/**
 * One notification for {@link HeraldPublisher}: the EventBridge {@code DetailType} (the event type,
 * e.g. {@code order.shipped}) and the Herald detail ({@code recipients}, {@code data}, ...; see
 * docs/ARCHITECTURE.md "Contracts").
 *
 * @param detailType the event type routes match on
 * @param detail     the Herald detail object
 */
public record Notification(String detailType, JsonNode detail) {
    /** A notification whose detail is any value Jackson writes as an object (a Map, a record, a tree). */
    public static Notification of(String detailType, Object detail) {
        return new Notification(detailType, detail == null ? null : Json.mapper().valueToTree(detail));
    }
}
