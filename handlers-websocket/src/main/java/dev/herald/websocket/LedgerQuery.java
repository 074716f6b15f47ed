package dev.herald.websocket;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.event.Problem;
import dev.herald.common.json.Json;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.LedgerShards;
import dev.herald.common.time.SortableInstants;
import dev.herald.common.topology.HeraldTopology;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The operator's ledger query ({@code GET /v1/admin/ledger}), one of:
 * <ul>
 *   <li>{@code notificationId=N} (optionally {@code status}): every row of the notification, from the sharded
 *       {@code byNotification} index, shard after shard;</li>
 *   <li>{@code userId=U} (optionally {@code status}, {@code from}, {@code to}): the user's rows newest first, from {@code byUser},
 *       the time range on the rows' creation time;</li>
 *   <li>{@code status=S} with {@code from}/{@code to}: a filtered Scan of the table. It reads the whole table over the pages
 *       (each page at most {@value #SCAN_PAGE} rows read), so it costs read capacity in proportion to the ledger's size:
 *       an index keyed on status would put every delivery of a fan-out on one index partition, which would throttle the
 *       ledger's writes. A page may be empty while a {@code nextCursor} remains.</li>
 * </ul>
 * Answers {@code {"items":[raw rows], "nextCursor":"..."}}; bad parameters are {@link Invalid} with every problem.
 */
final class LedgerQuery {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 100;
    static final int SCAN_PAGE = 1000;
    private static final String SHARD = "shard";

    sealed interface Result {
    }

    record Page(ObjectNode body) implements Result {
    }

    record Invalid(List<Problem> problems) implements Result {
    }

    private final DynamoDbClient dynamo;
    private final String table;

    LedgerQuery(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    Result run(Map<String, String> query) {
        Map<String, String> q = query == null ? Map.of() : query;
        List<Problem> problems = new ArrayList<>();
        q.keySet().forEach(k -> {
            if (!Set.of("notificationId", "userId", "status", "from", "to", "cursor", "limit").contains(k)) {
                problems.add(new Problem(k, "is not a ledger query parameter; use notificationId, userId, status, from, to, cursor and limit"));
            }
        });
        String notificationId = blankless(q.get("notificationId"));
        String userId = blankless(q.get("userId"));
        String statusName = blankless(q.get("status"));
        String cursor = blankless(q.get("cursor"));
        DeliveryStatus status = null;
        if (statusName != null) {
            status = DeliveryStatus.fromWireName(statusName).orElse(null);
            if (status == null) {
                problems.add(new Problem("status", "'" + statusName + "' is not a status; use one of "
                        + java.util.Arrays.stream(DeliveryStatus.values()).map(DeliveryStatus::wireName).toList()));
            }
        }
        String from = time("from", q.get("from"), problems);
        String to = time("to", q.get("to"), problems);
        if (from != null && to != null && from.compareTo(to) > 0) {
            problems.add(new Problem("from", "is after to; give from <= to"));
        }
        int limit = limit(q.get("limit"), problems);
        if (notificationId != null && userId != null) {
            problems.add(new Problem("userId", "give notificationId or userId, not both"));
        } else if (notificationId == null && userId == null && statusName == null) {
            problems.add(new Problem("notificationId", "is missing; query by notificationId, by userId, or by status with from and to"));
        } else if (notificationId != null && (from != null || to != null)) {
            problems.add(new Problem("from", "a notification's rows share its time; from and to apply to userId and status queries"));
        } else if (notificationId == null && userId == null && (from == null || to == null)) {
            problems.add(new Problem(from == null ? "from" : "to", "is missing; a query by status needs a time range, e.g. from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z"));
        }
        if (!problems.isEmpty()) {
            return new Invalid(problems);
        }
        try {
            if (notificationId != null) {
                return new Page(byNotification(notificationId, status, cursor, limit));
            }
            if (userId != null) {
                return new Page(byUser(userId, status, from, to, cursor, limit));
            }
            return new Page(byStatus(status, from, to, cursor, limit));
        } catch (IllegalArgumentException badCursor) {
            return new Invalid(List.of(new Problem("cursor", badCursor.getMessage())));
        }
    }

    private ObjectNode byNotification(String notificationId, DeliveryStatus status, String cursor, int limit) {
        int shard = 0;
        Map<String, AttributeValue> start = null;
        if (cursor != null) {
            Map<String, AttributeValue> key = PageCursor.decode(cursor, Set.of(SHARD, "deliveryId", LedgerShards.NOTIFICATION_SHARD));
            try {
                shard = Integer.parseInt(key.get(SHARD).s());
            } catch (NumberFormatException e) {
                throw PageCursor.invalid(cursor);
            }
            if (shard < 0 || shard >= LedgerShards.SHARDS || !key.get(LedgerShards.NOTIFICATION_SHARD).s().equals(LedgerShards.key(notificationId, shard))) {
                throw PageCursor.invalid(cursor);
            }
            start = Map.of("deliveryId", key.get("deliveryId"), LedgerShards.NOTIFICATION_SHARD, key.get(LedgerShards.NOTIFICATION_SHARD));
        }
        List<Map<String, AttributeValue>> taken = new ArrayList<>();
        for (; shard < LedgerShards.SHARDS; shard++, start = null) {
            Map<String, AttributeValue> values = new HashMap<>(Map.of(":k", AttributeValue.fromS(LedgerShards.key(notificationId, shard))));
            Map<String, String> names = new HashMap<>();
            QueryRequest.Builder req = QueryRequest.builder().tableName(table).indexName(HeraldTopology.INDEX_BY_NOTIFICATION)
                    .keyConditionExpression(LedgerShards.NOTIFICATION_SHARD + " = :k");
            req.expressionAttributeValues(values);
            if (!names.isEmpty()) {
                req.expressionAttributeNames(names);
            }
            do {
                QueryResponse r = dynamo.query(req.exclusiveStartKey(start).limit(limit - taken.size()).build());
                List<Map<String, AttributeValue>> rows = withStatus(LedgerRows.whole(dynamo, table, r.items(), LedgerRows.STATUS), status);
                taken.addAll(rows);
                start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
                if (taken.size() >= limit) {
                    Map<String, AttributeValue> last = taken.get(taken.size() - 1);
                    boolean more = start != null || shard + 1 < LedgerShards.SHARDS;
                    String next = more ? PageCursor.encode(Map.of(SHARD, AttributeValue.fromS(Integer.toString(shard)),
                            "deliveryId", last.get("deliveryId"), LedgerShards.NOTIFICATION_SHARD, last.get(LedgerShards.NOTIFICATION_SHARD))) : null;
                    return body(taken, next);
                }
            } while (start != null);
        }
        return body(taken, null);
    }

    private ObjectNode byUser(String userId, DeliveryStatus status, String from, String to, String cursor, int limit) {
        Map<String, AttributeValue> start = null;
        if (cursor != null) {
            start = PageCursor.decode(cursor, Set.of("deliveryId", "userId", "createdAt"));
            if (!userId.equals(start.get("userId").s())) {
                throw PageCursor.invalid(cursor);
            }
        }
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":u", AttributeValue.fromS(userId)));
        Map<String, String> names = new HashMap<>();
        String key = "userId = :u";
        if (from != null || to != null) {
            key += " AND createdAt BETWEEN :from AND :to";
            values.put(":from", AttributeValue.fromS(from == null ? "0000" : from));
            values.put(":to", AttributeValue.fromS(to == null ? "9999" : to));
        }
        QueryRequest.Builder req = QueryRequest.builder().tableName(table).indexName(HeraldTopology.INDEX_BY_USER)
                .keyConditionExpression(key).scanIndexForward(false);
        req.expressionAttributeValues(values);
        if (!names.isEmpty()) {
            req.expressionAttributeNames(names);
        }
        List<Map<String, AttributeValue>> taken = new ArrayList<>();
        do {
            QueryResponse r = dynamo.query(req.exclusiveStartKey(start).limit(limit - taken.size()).build());
            taken.addAll(withStatus(LedgerRows.whole(dynamo, table, r.items(), LedgerRows.STATUS), status));
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null && taken.size() < limit);
        String next = start == null ? null : PageCursor.encode(lastKey(taken, start, Set.of("deliveryId", "userId", "createdAt")));
        return body(taken, next);
    }

    private ObjectNode byStatus(DeliveryStatus status, String from, String to, String cursor, int limit) {
        Map<String, AttributeValue> start = cursor == null ? null : PageCursor.decode(cursor, Set.of("deliveryId"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":s", AttributeValue.fromS(status.wireName()),
                ":from", AttributeValue.fromS(from), ":to", AttributeValue.fromS(to)));
        ScanRequest.Builder req = ScanRequest.builder().tableName(table).filterExpression("#s = :s AND createdAt BETWEEN :from AND :to")
                .expressionAttributeNames(Map.of("#s", LedgerRows.STATUS)).expressionAttributeValues(values).limit(SCAN_PAGE);
        ScanResponse r = dynamo.scan(req.exclusiveStartKey(start).build());
        List<Map<String, AttributeValue>> items = r.items();
        Map<String, AttributeValue> next = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        if (items.size() > limit) {
            // more matches than the page takes: the next page starts after the last row returned
            items = items.subList(0, limit);
            next = Map.of("deliveryId", items.get(limit - 1).get("deliveryId"));
        }
        return body(items, next == null ? null : PageCursor.encode(next));
    }

    /** The cursor after the last row taken: the index's LastEvaluatedKey names the same attributes. */
    private static Map<String, AttributeValue> lastKey(List<Map<String, AttributeValue>> taken, Map<String, AttributeValue> evaluated, Set<String> names) {
        if (taken.isEmpty()) {
            return evaluated;
        }
        Map<String, AttributeValue> last = taken.get(taken.size() - 1);
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        names.forEach(n -> key.put(n, last.get(n)));
        return key;
    }

    /**
     * The rows in {@code status} (all of them for null). Filtered here, after the rows are read from the table: the
     * ledger's indexes project keys only, so a filter expression on the index could not see the status.
     */
    private static List<Map<String, AttributeValue>> withStatus(List<Map<String, AttributeValue>> rows, DeliveryStatus status) {
        return status == null ? rows : rows.stream().filter(row -> status.wireName().equals(LedgerRows.text(row, LedgerRows.STATUS))).toList();
    }

    private static ObjectNode body(List<Map<String, AttributeValue>> rows, String next) {
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("items");
        rows.forEach(r -> items.add(LedgerRows.raw(r)));
        if (next != null) {
            body.put("nextCursor", next);
        }
        return body;
    }

    private static String time(String field, String value, List<Problem> problems) {
        if (blankless(value) == null) {
            return null;
        }
        try {
            return SortableInstants.format(Instant.parse(value.trim()));
        } catch (DateTimeParseException e) {
            problems.add(new Problem(field, "'" + value + "' is not an ISO-8601 instant such as 2026-12-01T00:00:00Z"));
            return null;
        }
    }

    static int limit(String raw, List<Problem> problems) {
        if (blankless(raw) == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(raw.trim());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(new Problem("limit", "'" + raw + "' is not a whole number from 1 to " + MAX_LIMIT));
        return DEFAULT_LIMIT;
    }

    private static String blankless(String v) {
        return v == null || v.isBlank() ? null : v.trim();
    }
}
