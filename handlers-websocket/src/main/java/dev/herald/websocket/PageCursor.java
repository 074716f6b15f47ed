package dev.herald.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The opaque paging cursor of the inbox and the admin APIs: DynamoDB's LastEvaluatedKey (string attributes only, as
 * every key of the ledger is) written as base64url JSON. Callers pass it back unchanged; a cursor that does not decode,
 * or names other attributes than the listing's key, is refused with {@link IllegalArgumentException} (a 400), never
 * passed on to DynamoDB.
 */
final class PageCursor {
    private PageCursor() {
    }

    static String encode(Map<String, AttributeValue> key) {
        ObjectNode o = Json.object();
        key.forEach((name, value) -> o.put(name, value.s()));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(o).getBytes(StandardCharsets.UTF_8));
    }

    /** @param names the attributes a cursor of this listing holds, exactly */
    static Map<String, AttributeValue> decode(String cursor, Set<String> names) {
        JsonNode tree;
        try {
            tree = Json.tree(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw invalid(cursor);
        }
        if (tree == null || !tree.isObject() || tree.size() != names.size()) {
            throw invalid(cursor);
        }
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        for (String name : names) {
            JsonNode v = tree.get(name);
            if (v == null || !v.isTextual()) {
                throw invalid(cursor);
            }
            key.put(name, AttributeValue.fromS(v.asText()));
        }
        return key;
    }

    static IllegalArgumentException invalid(String cursor) {
        return new IllegalArgumentException("cursor '" + (cursor.length() > 40 ? cursor.substring(0, 40) + "..." : cursor)
                + "' was not issued by this listing; pass the nextCursor of the previous page unchanged, or none for the first page");
    }
}
