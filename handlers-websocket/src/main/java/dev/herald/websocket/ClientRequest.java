package dev.herald.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.json.Json;

/**
 * What a client may send on its WebSocket ({@code $default} route), parsed:
 * {@code {"action":"ack","deliveryId":"..."}}, {@code {"action":"read","deliveryId":"..."}} or
 * {@code {"action":"history","limit":20}}. Anything else parses to {@link Invalid}, whose message says
 * what was wrong and what to send instead.
 */
sealed interface ClientRequest {
    int DEFAULT_HISTORY_LIMIT = 20;
    int MAX_HISTORY_LIMIT = 100;
    String USAGE = "send {\"action\":\"ack\",\"deliveryId\":\"...\"}, {\"action\":\"read\",\"deliveryId\":\"...\"} "
            + "or {\"action\":\"history\",\"limit\":" + DEFAULT_HISTORY_LIMIT + "}";

    /** The client received a notification frame. */
    record Ack(String deliveryId) implements ClientRequest {
    }

    /** The user opened the notification. */
    record Read(String deliveryId) implements ClientRequest {
    }

    /** The user's newest ledger rows, e.g. after a reconnect. */
    record History(int limit) implements ClientRequest {
    }

    record Invalid(String message) implements ClientRequest {
    }

    static ClientRequest parse(String body) {
        if (body == null || body.isBlank()) {
            return new Invalid("empty message; " + USAGE);
        }
        JsonNode json;
        try {
            json = Json.tree(body);
        } catch (Json.JsonException e) {
            return new Invalid("message is not JSON (" + e.getMessage() + "); " + USAGE);
        }
        if (json == null || !json.isObject()) {
            return new Invalid("message is not a JSON object; " + USAGE);
        }
        JsonNode action = json.get("action");
        if (action == null || !action.isTextual()) {
            return new Invalid("message has no \"action\" string; " + USAGE);
        }
        return switch (action.asText()) {
            case "ack" -> deliveryId(json).<ClientRequest>map(Ack::new).orElseGet(() -> missingId("ack"));
            case "read" -> deliveryId(json).<ClientRequest>map(Read::new).orElseGet(() -> missingId("read"));
            case "history" -> history(json.get("limit"));
            default -> new Invalid("unknown action '" + abbreviate(action.asText()) + "'; " + USAGE);
        };
    }

    private static java.util.Optional<String> deliveryId(JsonNode json) {
        JsonNode id = json.get("deliveryId");
        return id != null && id.isTextual() && !id.asText().isBlank() ? java.util.Optional.of(id.asText()) : java.util.Optional.empty();
    }

    private static Invalid missingId(String action) {
        return new Invalid("\"" + action + "\" needs a \"deliveryId\" string, the one from the notification frame: "
                + "{\"action\":\"" + action + "\",\"deliveryId\":\"...\"}");
    }

    private static ClientRequest history(JsonNode limit) {
        if (limit == null || limit.isNull()) {
            return new History(DEFAULT_HISTORY_LIMIT);
        }
        if (!limit.canConvertToInt() || !limit.isIntegralNumber() || limit.asInt() < 1 || limit.asInt() > MAX_HISTORY_LIMIT) {
            return new Invalid("\"limit\" must be a whole number from 1 to " + MAX_HISTORY_LIMIT + " (got " + abbreviate(limit.toString())
                    + "); send {\"action\":\"history\",\"limit\":" + DEFAULT_HISTORY_LIMIT + "}");
        }
        return new History(limit.asInt());
    }

    /** Echoes at most 40 characters of client input back. */
    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
