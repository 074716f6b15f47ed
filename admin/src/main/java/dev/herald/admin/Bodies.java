package dev.herald.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.event.Problem;
import dev.herald.common.json.Json;
import java.util.List;

/** Reading request bodies: a JSON object, or the problem that says why not. */
final class Bodies {
    private Bodies() {
    }

    /** The body as an object, or null after adding a problem to {@code problems}. */
    static ObjectNode object(String body, List<Problem> problems) {
        if (body == null || body.isBlank()) {
            problems.add(new Problem("body", "is empty; send a JSON object"));
            return null;
        }
        try {
            JsonNode node = Json.tree(body);
            if (node instanceof ObjectNode o) {
                return o;
            }
            problems.add(new Problem("body", "is " + node.getNodeType().name().toLowerCase() + "; send a JSON object"));
        } catch (Json.JsonException e) {
            problems.add(new Problem("body", "is not JSON (" + e.getMessage() + "); send a JSON object"));
        }
        return null;
    }

    /** An optional string field: null when absent; a problem when present and not a non-blank string. */
    static String text(ObjectNode o, String field, List<Problem> problems) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            problems.add(new Problem(field, "must be a non-empty string, or left out"));
            return null;
        }
        return v.asText();
    }
}
