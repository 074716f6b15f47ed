package dev.herald.common.enrichment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import dev.herald.common.event.Channel;
import java.util.List;

/**
 * What the router sends the enrichment function (Lambda Invoke, RequestResponse): render one
 * template for these recipients on these channels. The payload is this record as JSON
 * ({@code dev.herald.common.json.Json}).
 *
 * @param notificationId the notification being routed (for logs)
 * @param eventType      the event's detail-type
 * @param templateId     the route's template, e.g. {@code order-shipped}
 * @param userIds        recipients to render for (at most {@link #MAX_USERS}; the router chunks larger sets)
 * @param channels       channels to render (websocket and push use title+body, email subject+html+text)
 * @param data           the producer's template variables: an object; from the router it is the producer's text verbatim
 *                       ({@code Json.raw}) until it crosses JSON - read it with {@link #dataObject()}
 * @param locale         the producer's locale override, or null to use each profile's locale
 * @param traceId        carried into the function's logs
 */
public record EnrichmentRequest(
        String notificationId,
        String eventType,
        String templateId,
        List<String> userIds,
        List<Channel> channels,
        JsonNode data,
        String locale,
        String traceId) {
    /** BatchGetItem reads 100 keys per call; one request renders at most that many users. */
    public static final int MAX_USERS = 100;

    public EnrichmentRequest {
        userIds = List.copyOf(userIds);
        channels = List.copyOf(channels);
    }

    /** {@code data} as an object (empty when absent), whether it was read from JSON or is the router's verbatim text. */
    public ObjectNode dataObject() {
        return Json.asObject(data);
    }
}
