package dev.herald.websocket;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.event.Channel;
import dev.herald.common.json.Json;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.LedgerEntry;
import dev.herald.common.topology.HeraldTopology;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * A user's inbox: one entry per notification, built from their ledger rows (one per channel), newest first.
 *
 * <p>A notification is in the inbox once one of its rows reached the user: SENT, DELIVERED or READ, or a WebSocket row
 * skipped because the user was offline (the inbox is where they find it). Rows skipped by a preference, rejected,
 * suppressed, still queued or failed show nothing. It is read when one of its rows is READ or its WebSocket row is
 * DELIVERED (the client acknowledged the frame): the read state of docs/ARCHITECTURE.md, no separate store.
 * Marking read moves the user's rows of the notification to READ, from the statuses {@link ClientActions} reads from
 * (and an offline-skipped WebSocket row, which the user now read in the inbox).
 *
 * <p>Pages end between two creation times, never inside one: a notification's rows share the notification's time, so
 * one notification never spans two pages (a page may hold more than the limit when several share a time).
 * The unread count reads every row of the user (90 days at most, the ledger's retention).
 */
final class Inbox {
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    private static final int QUERY_PAGE = 200;
    private static final Set<String> CURSOR_KEYS = Set.of("deliveryId", "userId", "createdAt");
    private static final Set<DeliveryStatus> REACHED = EnumSet.of(DeliveryStatus.SENT, DeliveryStatus.DELIVERED, DeliveryStatus.READ);
    private static final String OFFLINE = "offline";

    private final DynamoDbClient dynamo;
    private final String table;
    private final DeliveryLedger ledger;

    Inbox(DynamoDbClient dynamo, String table, DeliveryLedger ledger) {
        this.dynamo = dynamo;
        this.table = table;
        this.ledger = ledger;
    }

    /** One page of the inbox, the unread count and the cursor of the next page (empty on the last). */
    ObjectNode page(String userId, String cursor, int limit) {
        Map<String, AttributeValue> start = cursor == null ? null : startKey(userId, cursor);
        Map<String, Group> groups = new LinkedHashMap<>();
        int visible = 0;
        Map<String, AttributeValue> lastKey = null;
        String lastCreated = null;
        String next = null;
        outer:
        do {
            QueryResponse response = query(userId, start, QUERY_PAGE);
            for (Map<String, AttributeValue> row : LedgerRows.whole(dynamo, table, response.items(), LedgerRows.STATUS)) {
                String created = LedgerRows.text(row, "createdAt");
                if (visible >= limit && created != null && !created.equals(lastCreated)) {
                    next = PageCursor.encode(lastKey);
                    break outer;
                }
                Group g = groups.computeIfAbsent(LedgerRows.text(row, "notificationId"), Group::new);
                boolean was = g.visible();
                g.add(row);
                if (!was && g.visible()) {
                    visible++;
                }
                lastKey = Map.of("deliveryId", row.get("deliveryId"), "userId", row.get("userId"), "createdAt", row.get("createdAt"));
                lastCreated = created;
            }
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (start != null);
        ArrayNode items = Json.mapper().createArrayNode();
        groups.values().stream().filter(Group::visible).forEach(g -> items.add(g.json()));
        ObjectNode body = Json.object();
        body.set("items", items);
        body.put("unreadCount", unread(all(userId)).size());
        if (next != null) {
            body.put("nextCursor", next);
        }
        return body;
    }

    /**
     * Marks the user's notification read.
     *
     * @return false when the user has no such notification in their inbox (missing, another user's, or never reached them)
     */
    boolean markRead(String userId, String notificationId) {
        List<LedgerEntry> rows = new ArrayList<>();
        for (Channel c : Channel.values()) {
            ledger.find(DeliveryIds.of(notificationId, c, userId)).filter(e -> userId.equals(e.userId())).ifPresent(rows::add);
        }
        if (rows.stream().noneMatch(Inbox::reached)) {
            return false;
        }
        for (LedgerEntry row : rows) {
            Set<DeliveryStatus> from = readFrom(row);
            if (row.status() != DeliveryStatus.READ && from.contains(row.status())) {
                // a row that moved meanwhile (e.g. its handler recorded SENT) stays where it is: the other rows carry the read
                ledger.transition(row.deliveryId(), from, DeliveryStatus.READ, null);
            }
        }
        return true;
    }

    /** Marks every unread notification of the user read; returns how many. */
    int markAllRead(String userId) {
        List<String> unread = unread(all(userId));
        unread.forEach(n -> markRead(userId, n));
        return unread.size();
    }

    private static Set<DeliveryStatus> readFrom(LedgerEntry row) {
        Set<DeliveryStatus> from = EnumSet.copyOf(ClientActions.readFrom(row.channel()));
        if (row.channel() == Channel.WEBSOCKET && row.status() == DeliveryStatus.SKIPPED && offline(row.reason())) {
            from.add(DeliveryStatus.SKIPPED);
        }
        return from;
    }

    private static boolean reached(LedgerEntry row) {
        return REACHED.contains(row.status())
                || row.channel() == Channel.WEBSOCKET && row.status() == DeliveryStatus.SKIPPED && offline(row.reason());
    }

    private static boolean offline(String reason) {
        return reason != null && reason.startsWith(OFFLINE);
    }

    private List<String> unread(Map<String, Group> groups) {
        return groups.values().stream().filter(g -> g.visible() && !g.read()).map(g -> g.notificationId).toList();
    }

    private Map<String, Group> all(String userId) {
        Map<String, Group> groups = new LinkedHashMap<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse response = query(userId, start, 1000);
            LedgerRows.whole(dynamo, table, response.items(), LedgerRows.STATUS)
                    .forEach(row -> groups.computeIfAbsent(LedgerRows.text(row, "notificationId"), Group::new).add(row));
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return groups;
    }

    private QueryResponse query(String userId, Map<String, AttributeValue> start, int limit) {
        QueryRequest.Builder q = QueryRequest.builder().tableName(table).indexName(HeraldTopology.INDEX_BY_USER)
                .keyConditionExpression("userId = :u").expressionAttributeValues(Map.of(":u", AttributeValue.fromS(userId)))
                .scanIndexForward(false).limit(limit);
        if (start != null) {
            q.exclusiveStartKey(start);
        }
        return dynamo.query(q.build());
    }

    private static Map<String, AttributeValue> startKey(String userId, String cursor) {
        Map<String, AttributeValue> key = PageCursor.decode(cursor, CURSOR_KEYS);
        if (!userId.equals(key.get("userId").s())) {
            // a cursor of another user's inbox: refused like any cursor this listing did not issue
            throw PageCursor.invalid(cursor);
        }
        return key;
    }

    /** The rows of one notification. */
    private static final class Group {
        private final String notificationId;
        private final List<Map<String, AttributeValue>> rows = new ArrayList<>();
        private boolean visible;
        private boolean read;

        Group(String notificationId) {
            this.notificationId = notificationId;
        }

        void add(Map<String, AttributeValue> row) {
            rows.add(row);
            DeliveryStatus status = DeliveryStatus.fromWireName(LedgerRows.text(row, LedgerRows.STATUS)).orElse(null);
            boolean websocket = Channel.WEBSOCKET.wireName().equals(LedgerRows.text(row, "channel"));
            if (status != null && (REACHED.contains(status) || websocket && status == DeliveryStatus.SKIPPED
                    && offline(LedgerRows.text(row, "reason")))) {
                visible = true;
            }
            if (status == DeliveryStatus.READ || websocket && status == DeliveryStatus.DELIVERED) {
                read = true;
            }
        }

        boolean visible() {
            return visible && notificationId != null;
        }

        boolean read() {
            return read;
        }

        ObjectNode json() {
            ObjectNode o = Json.object();
            o.put("notificationId", notificationId);
            first("eventType").ifPresent(v -> o.put("eventType", v));
            first("category").ifPresent(v -> o.put("category", v));
            first("title").ifPresent(v -> o.put("title", v));
            first("body").ifPresent(v -> o.put("body", v));
            first("createdAt").ifPresent(v -> o.put("createdAt", v));
            o.put("read", read);
            ArrayNode deliveries = o.putArray("deliveries");
            for (Map<String, AttributeValue> row : rows) {
                ObjectNode d = deliveries.addObject();
                d.put("deliveryId", LedgerRows.text(row, "deliveryId"));
                d.put("channel", LedgerRows.text(row, "channel"));
                d.put("status", LedgerRows.text(row, LedgerRows.STATUS));
            }
            return o;
        }

        private Optional<String> first(String name) {
            return rows.stream().map(r -> LedgerRows.text(r, name)).filter(v -> v != null).findFirst();
        }
    }
}
