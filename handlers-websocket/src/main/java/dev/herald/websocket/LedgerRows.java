package dev.herald.websocket;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import dev.herald.common.ledger.LedgerShards;
import dev.herald.common.store.BatchGetItems;
import dev.herald.common.topology.HeraldTopology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Ledger rows read through an index, whole: an index that projects fewer attributes than the row has (keys only,
 * or a subset) gets the rows it lacks read from the table with BatchGetItem, so the inbox and the ledger queries keep
 * working whatever the index projects. Also renders a raw row for operators.
 */
final class LedgerRows {
    static final String STATUS = "status";

    private LedgerRows() {
    }

    /** The rows of {@code indexItems} in their order, each with every attribute (read again when the index lacks {@code need}). */
    static List<Map<String, AttributeValue>> whole(DynamoDbClient dynamo, String table, List<Map<String, AttributeValue>> indexItems,
                                                   String need) {
        List<Map<String, AttributeValue>> missing = indexItems.stream().filter(i -> !i.containsKey(need))
                .map(i -> Map.of("deliveryId", i.get("deliveryId"))).toList();
        if (missing.isEmpty()) {
            return indexItems;
        }
        Map<String, Map<String, AttributeValue>> byId = new HashMap<>();
        for (int from = 0; from < missing.size(); from += 100) {
            BatchGetItems.read(dynamo, Map.of(table, KeysAndAttributes.builder().keys(missing.subList(from, Math.min(missing.size(), from + 100)))
                                    .consistentRead(false).build()), BatchGetItems.DEFAULT_BACKOFF, "ledger rows of table " + table,
                            "retry later or raise the table's read capacity")
                    .getOrDefault(table, List.of()).forEach(item -> byId.put(item.get("deliveryId").s(), item));
        }
        List<Map<String, AttributeValue>> rows = new ArrayList<>(indexItems.size());
        for (Map<String, AttributeValue> i : indexItems) {
            Map<String, AttributeValue> row = i.containsKey(need) ? i : byId.get(i.get("deliveryId").s());
            if (row != null) {
                rows.add(row);
            }
        }
        return rows;
    }

    /** A row as an operator sees it: every attribute but the index and TTL bookkeeping. */
    static ObjectNode raw(Map<String, AttributeValue> row) {
        ObjectNode o = Json.object();
        row.forEach((name, v) -> {
            if (name.equals(LedgerShards.NOTIFICATION_SHARD) || name.equals(HeraldTopology.TTL_ATTRIBUTE)) {
                return;
            }
            if (v.s() != null) {
                o.put(name, v.s());
            } else if (v.n() != null) {
                o.put(name, Long.parseLong(v.n()));
            } else if (v.bool() != null) {
                o.put(name, v.bool());
            }
        });
        return o;
    }

    static String text(Map<String, AttributeValue> row, String name) {
        AttributeValue v = row.get(name);
        return v == null ? null : v.s();
    }
}
