package dev.herald.common.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import dev.herald.common.event.Channel;
import dev.herald.common.event.Priority;
import dev.herald.common.orchestration.StepPlan;
import java.time.Instant;

/**
 * One message on a channel queue: one notification, for one channel and one recipient.
 *
 * @param deliveryId     stable id ({@link DeliveryIds#of}); the ledger row's key
 * @param notificationId the producer's idempotency key (or the event id)
 * @param eventType      the event's detail-type, e.g. {@code order.shipped}
 * @param source         the producing application
 * @param channel        which channel queue this is on
 * @param userId         the recipient
 * @param category       the preference category, or null
 * @param priority       normal, high or critical
 * @param content        rendered content for this channel, or null when the route renders none
 *                       (the handler then uses {@code data})
 * @param data           the producer's template variables: an object; from the router it is the producer's text verbatim
 *                       ({@code Json.raw}) until it crosses JSON - read it with {@link #dataObject()}
 * @param locale         the locale the content was rendered in, or null
 * @param traceId        the trace id carried from the event (X-Ray or the event id)
 * @param createdAt      when the router planned this delivery
 * @param notBefore      deliver no earlier than this (quiet hours), or null for now; SQS delays a message
 *                       at most 15 minutes, so a handler that receives it early defers it again
 */
public record ChannelMessage(
        String deliveryId,
        String notificationId,
        String eventType,
        String source,
        Channel channel,
        String userId,
        String category,
        Priority priority,
        RenderedContent content,
        JsonNode data,
        String locale,
        String traceId,
        Instant createdAt,
        Instant notBefore,
        StepPlan steps) {

    /** A message of a route without channel steps. */
    public ChannelMessage(String deliveryId, String notificationId, String eventType, String source, Channel channel, String userId,
                          String category, Priority priority, RenderedContent content, JsonNode data, String locale, String traceId,
                          Instant createdAt, Instant notBefore) {
        this(deliveryId, notificationId, eventType, source, channel, userId, category, priority, content, data, locale, traceId,
                createdAt, notBefore, null);
    }

    /** {@code data} as an object (empty when absent), whether it was read from JSON or is the router's verbatim text. */
    public ObjectNode dataObject() {
        return Json.asObject(data);
    }
}
