package dev.herald.local.bus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * The event as EventBridge builds it from a PutEvents entry - what rules match against and what an
 * SQS target receives as the message body:
 * {@code {"version":"0","id","detail-type","source","account","time","region","resources","detail"}}.
 * https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html
 */
record EventEnvelope(String id, ObjectNode json) {

    static EventEnvelope of(String source, String detailType, JsonNode detail, List<String> resources, Instant time,
                            String account, String region) {
        String id = UUID.randomUUID().toString();
        ObjectNode event = Json.object();
        event.put("version", "0");
        event.put("id", id);
        event.put("detail-type", detailType);
        event.put("source", source);
        event.put("account", account);
        // EventBridge writes the time to the second, in UTC
        event.put("time", time.truncatedTo(ChronoUnit.SECONDS).toString());
        event.put("region", region);
        ArrayNode r = event.putArray("resources");
        resources.forEach(r::add);
        event.set("detail", detail);
        return new EventEnvelope(id, event);
    }

    String body() {
        return Json.write(json);
    }
}
