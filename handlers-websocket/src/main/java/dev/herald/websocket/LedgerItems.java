package dev.herald.websocket;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import dev.herald.common.ledger.LedgerEntry;
import java.util.List;

/**
 * A ledger row as its owner sees it (history frames and the inbox API): ids, channel, event type,
 * category, status (wire name), reason, attempts, title, body and times. Fields without a value are
 * left out; the user id is not repeated (the caller is the user).
 */
final class LedgerItems {
    private LedgerItems() {
    }

    static ObjectNode item(LedgerEntry e) {
        ObjectNode o = Json.object();
        o.put("deliveryId", e.deliveryId());
        put(o, "notificationId", e.notificationId());
        put(o, "channel", e.channel() == null ? null : e.channel().wireName());
        put(o, "eventType", e.eventType());
        put(o, "category", e.category());
        o.put("status", e.status().wireName());
        put(o, "reason", e.reason());
        o.put("attempts", e.attempts());
        put(o, "title", e.title());
        put(o, "body", e.body());
        if (e.createdAt() != null) {
            o.put("createdAt", e.createdAt().toString());
        }
        if (e.updatedAt() != null) {
            o.put("updatedAt", e.updatedAt().toString());
        }
        return o;
    }

    static ArrayNode items(List<LedgerEntry> entries) {
        ArrayNode array = Json.mapper().createArrayNode();
        entries.forEach(e -> array.add(item(e)));
        return array;
    }

    private static void put(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }
}
