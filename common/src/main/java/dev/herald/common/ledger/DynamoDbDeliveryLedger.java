package dev.herald.common.ledger;

import dev.herald.common.config.Clocks;
import dev.herald.common.event.Channel;

import dev.herald.common.aws.Backoff;
import dev.herald.common.topology.HeraldTopology;
import java.time.Clock;
import java.time.Duration;
import dev.herald.common.time.SortableInstants;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@link DeliveryLedger} on the Deliveries table (PK {@code deliveryId}, GSI {@code byUser} on
 * {@code userId} + {@code createdAt} projecting keys only, TTL {@code expiresAt}). Every write is conditional but
 * {@link #recordAll}'s, which is only for rows that cannot exist yet.
 */
public final class DynamoDbDeliveryLedger implements DeliveryLedger {
    /** Rows expire after this long (the TTL attribute), so the ledger does not grow without bound. */
    public static final Duration RETENTION = Duration.ofDays(90);
    private static final String ROUTING = "routing";
    private static final String ROUTED = "routed";
    /** Epoch millis until which a routing claim keeps other copies away. */
    private static final String LEASE_UNTIL = "leaseUntil";
    /** On a notification's claim row: the reason it was cancelled ({@link #markNotificationCancelled}). */
    private static final String CANCELLED = "cancelReason";

    /** BatchWriteItem takes at most 25 rows: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html */
    static final int BATCH_WRITE_ITEMS = 25;
    /** BatchGetItem takes at most 100 keys: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html */
    static final int BATCH_GET_ITEMS = 100;
    /** Unprocessed rows are sent again with back-off, as AWS asks; four calls in all, about a second of waiting at most. */
    static final Backoff BATCH_WRITE_BACKOFF = new Backoff(Duration.ofMillis(50), Duration.ofMillis(800), 4);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final LedgerStatements statements;

    public DynamoDbDeliveryLedger(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.statements = new LedgerStatements(dynamo, table, clock);
    }

    public DynamoDbDeliveryLedger(DynamoDbClient dynamo, String table) {
        this(dynamo, table, Clocks.current());
    }

    @Override
    public boolean recordIfAbsent(LedgerEntry e) {
        try {
            dynamo.putItem(PutItemRequest.builder().tableName(table).item(toItem(e))
                    .conditionExpression("attribute_not_exists(deliveryId)").build());
            return true;
        } catch (ConditionalCheckFailedException dup) {
            return false;
        }
    }

    @Override
    public BatchWrite recordAll(List<LedgerEntry> entries) {
        Set<String> unwritten = new LinkedHashSet<>();
        String reason = null;
        // one call may not name a key twice (DynamoDB refuses the whole call): the first entry of an id is kept
        Map<String, LedgerEntry> byId = new java.util.LinkedHashMap<>();
        entries.forEach(e -> byId.putIfAbsent(e.deliveryId(), e));
        List<LedgerEntry> distinct = List.copyOf(byId.values());
        for (int i = 0; i < distinct.size(); i += BATCH_WRITE_ITEMS) {
            List<WriteRequest> pending = new ArrayList<>();
            for (LedgerEntry e : distinct.subList(i, Math.min(distinct.size(), i + BATCH_WRITE_ITEMS))) {
                pending.add(WriteRequest.builder().putRequest(PutRequest.builder().item(toItem(e)).build()).build());
            }
            String lastError = null;
            for (int attempt = 1; attempt <= BATCH_WRITE_BACKOFF.maxAttempts() && !pending.isEmpty(); attempt++) {
                if (attempt > 1) {
                    BATCH_WRITE_BACKOFF.sleepBefore(attempt - 1);
                }
                List<WriteRequest> sent = pending;
                try {
                    var unprocessed = dynamo.batchWriteItem(r -> r.requestItems(Map.of(table, sent))).unprocessedItems();
                    pending = unprocessed == null ? List.of() : unprocessed.getOrDefault(table, List.of());
                    lastError = pending.isEmpty() ? null : "DynamoDB left " + pending.size() + " row(s) unprocessed (throttled)";
                } catch (SdkException e) {
                    lastError = "BatchWriteItem failed: " + e.getMessage();
                }
            }
            if (!pending.isEmpty()) {
                reason = "ledger rows not written after " + BATCH_WRITE_BACKOFF.maxAttempts() + " BatchWriteItem attempts: " + lastError;
                pending.forEach(w -> unwritten.add(w.putRequest().item().get("deliveryId").s()));
            }
        }
        return new BatchWrite(unwritten, reason);
    }

    @Override
    public Claims claimAll(List<String> deliveryIds, Set<DeliveryStatus> from, Duration sendingLease) {
        String token = java.util.UUID.randomUUID().toString();
        List<LedgerStatements.Move> moves = deliveryIds.stream().distinct()
                .map(id -> statements.move(id, from, sendingLease, DeliveryStatus.SENDING, null, token)).toList();
        Map<String, Claim> answered = new HashMap<>();
        Map<String, String> unanswered = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        statements.run(moves).forEach((id, a) -> {
            if (a.moved()) {
                answered.put(id, Claim.CLAIMED);
            } else if (a.error() != null) {
                unanswered.put(id, a.error());
            } else if (a.old() != null) {
                answered.put(id, ownClaim(a.old(), token) ? Claim.CLAIMED : new Claim(false, status(a.old())));
            } else {
                unknown.add(id);
            }
        });
        if (!unknown.isEmpty()) {
            // the engine did not hand back the refused rows: read them (one BatchGetItem)
            Map<String, Map<String, AttributeValue>> rows = getAll(unknown);
            unknown.forEach(id -> answered.put(id, ownClaim(rows.get(id), token) ? Claim.CLAIMED
                    : new Claim(false, rows.containsKey(id) ? status(rows.get(id)) : null)));
        }
        return new Claims(answered, unanswered);
    }

    @Override
    public Map<String, String> recordResults(List<Result> results) {
        Map<String, Result> distinct = new java.util.LinkedHashMap<>();
        results.forEach(r -> distinct.putIfAbsent(r.deliveryId(), r));
        List<LedgerStatements.Move> moves = distinct.values().stream()
                .map(r -> statements.move(r.deliveryId(), Set.of(DeliveryStatus.SENDING), null, r.to(), r.reason())).toList();
        Map<String, String> unwritten = new java.util.LinkedHashMap<>();
        statements.run(moves).forEach((id, a) -> {
            if (a.error() != null) {
                unwritten.put(id, a.error());
            }
        });
        return unwritten;
    }

    /** The row is SENDING under this very claim: a statement that ran before its retry was refused. */
    private static boolean ownClaim(Map<String, AttributeValue> item, String token) {
        return item != null && status(item) == DeliveryStatus.SENDING && item.containsKey("claimToken")
                && token.equals(item.get("claimToken").s());
    }

    private static DeliveryStatus status(Map<String, AttributeValue> item) {
        AttributeValue status = item == null ? null : item.get("status");
        return status == null || status.s() == null ? null : DeliveryStatus.fromWireName(status.s()).orElse(null);
    }

    @Override
    public Optional<LedgerEntry> find(String deliveryId) {
        var item = dynamo.getItem(GetItemRequest.builder().tableName(table).key(key(deliveryId)).consistentRead(true).build()).item();
        return item == null || item.isEmpty() || !item.containsKey("status") || item.get("status").s() == null
                ? Optional.empty() : fromItem(item);
    }

    @Override
    public boolean transition(String deliveryId, Set<DeliveryStatus> from, DeliveryStatus to, String reason) {
        try {
            dynamo.updateItem(transitionRequest(deliveryId, from, to, reason).build());
            return true;
        } catch (ConditionalCheckFailedException wrongState) {
            return false;
        }
    }

    /** One conditional UpdateItem; a refusal carries the row as it was (ALL_OLD), so no second read is needed. */
    @Override
    public Claim claimForSending(String deliveryId, Set<DeliveryStatus> from, String reason) {
        try {
            dynamo.updateItem(transitionRequest(deliveryId, from, DeliveryStatus.SENDING, reason)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build());
            return Claim.CLAIMED;
        } catch (ConditionalCheckFailedException refused) {
            Map<String, AttributeValue> old = refused.item();
            AttributeValue status = old == null ? null : old.get("status");
            return new Claim(false, status == null || status.s() == null ? null : DeliveryStatus.fromWireName(status.s()).orElse(null));
        }
    }

    private UpdateItemRequest.Builder transitionRequest(String deliveryId, Set<DeliveryStatus> from, DeliveryStatus to, String reason) {
        Map<String, AttributeValue> values = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        names.put("#s", "status");
        List<String> placeholders = new ArrayList<>();
        int i = 0;
        for (DeliveryStatus s : from) {
            String p = ":f" + i++;
            placeholders.add(p);
            values.put(p, s(s.wireName()));
        }
        values.put(":to", s(to.wireName()));
        values.put(":now", s(SortableInstants.format(clock.instant())));
        StringBuilder update = new StringBuilder("SET #s = :to, updatedAt = :now");
        if (reason != null) {
            update.append(", reason = :reason");
            values.put(":reason", s(reason));
        }
        if (to == DeliveryStatus.SENDING) {
            update.append(" ADD attempts :one");
            values.put(":one", AttributeValue.fromN("1"));
        }
        if (reason == null) {
            update.append(" REMOVE reason");
        }
        return UpdateItemRequest.builder().tableName(table).key(key(deliveryId))
                .updateExpression(update.toString())
                .conditionExpression("attribute_exists(deliveryId) AND #s IN (" + String.join(", ", placeholders) + ")")
                .expressionAttributeNames(names).expressionAttributeValues(values);
    }

    /**
     * The {@code byUser} index projects keys only (a status change then writes no index), so this is one Query for the
     * newest keys and one BatchGetItem (consistent) for the rows, in the index's order.
     */
    @Override
    public List<LedgerEntry> recentForUser(String userId, int limit) {
        var response = dynamo.query(QueryRequest.builder().tableName(table).indexName(HeraldTopology.INDEX_BY_USER)
                .keyConditionExpression("userId = :u").expressionAttributeValues(Map.of(":u", s(userId)))
                .scanIndexForward(false).limit(limit).build());
        List<String> ids = response.items().stream().map(i -> i.get("deliveryId").s()).toList();
        Map<String, Map<String, AttributeValue>> rows = getAll(ids);
        return ids.stream().map(rows::get).filter(java.util.Objects::nonNull)
                .map(DynamoDbDeliveryLedger::fromItem).flatMap(Optional::stream).toList();
    }

    /** BatchGetItem (100 keys a call, consistent), unprocessed keys asked again with back-off; id to item. */
    @Override
    public Map<String, LedgerEntry> findAll(List<String> deliveryIds) {
        Map<String, LedgerEntry> found = new HashMap<>();
        getAll(deliveryIds).forEach((id, item) -> fromItem(item).ifPresent(e -> found.put(id, e)));
        return found;
    }

    private Map<String, Map<String, AttributeValue>> getAll(List<String> ids) {
        Map<String, Map<String, AttributeValue>> found = new HashMap<>();
        List<String> distinct = ids.stream().distinct().toList();
        for (int i = 0; i < distinct.size(); i += BATCH_GET_ITEMS) {
            List<Map<String, AttributeValue>> keys = distinct.subList(i, Math.min(distinct.size(), i + BATCH_GET_ITEMS)).stream()
                    .map(DynamoDbDeliveryLedger::key).toList();
            for (int attempt = 1; !keys.isEmpty(); attempt++) {
                if (attempt > BATCH_WRITE_BACKOFF.maxAttempts()) {
                    throw new IllegalStateException("DynamoDB left " + keys.size() + " ledger row(s) unread after "
                            + BATCH_WRITE_BACKOFF.maxAttempts() + " BatchGetItem attempts (throttled); ask again later");
                }
                if (attempt > 1) {
                    BATCH_WRITE_BACKOFF.sleepBefore(attempt - 1);
                }
                List<Map<String, AttributeValue>> asked = keys;
                var answer = dynamo.batchGetItem(r -> r.requestItems(Map.of(table,
                        software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder().keys(asked).consistentRead(true).build())));
                answer.responses().getOrDefault(table, List.of()).forEach(item -> found.put(item.get("deliveryId").s(), item));
                var left = answer.unprocessedKeys() == null ? null : answer.unprocessedKeys().get(table);
                keys = left == null ? List.of() : left.keys();
            }
        }
        return found;
    }

    @Override
    public NotificationClaim claimNotification(String notificationId, String eventType) {
        Instant now = clock.instant();
        String lease = Long.toString(now.plus(CLAIM_LEASE).toEpochMilli());
        Map<String, AttributeValue> item = claimItem(notificationId, eventType, now);
        try {
            dynamo.putItem(PutItemRequest.builder().tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(deliveryId)")
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build());
            return NotificationClaim.NEW;
        } catch (ConditionalCheckFailedException exists) {
            if (routed(exists.item())) {
                return NotificationClaim.DONE;
            }
        }
        // Claimed, not routed: take the lease over if it is released or has run out, else another copy is routing it.
        try {
            dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(key(DeliveryLedger.notificationKey(notificationId)))
                    .updateExpression("SET #lease = :lease, updatedAt = :now")
                    .conditionExpression("attribute_exists(deliveryId) AND (attribute_not_exists(routing) OR routing <> :routed) "
                            + "AND (attribute_not_exists(#lease) OR #lease <= :nowMillis)")
                    .expressionAttributeNames(Map.of("#lease", LEASE_UNTIL))
                    .expressionAttributeValues(Map.of(":lease", AttributeValue.fromN(lease), ":now", s(SortableInstants.format(now)),
                            ":routed", s(ROUTED), ":nowMillis", AttributeValue.fromN(Long.toString(now.toEpochMilli()))))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build());
            return NotificationClaim.INCOMPLETE;
        } catch (ConditionalCheckFailedException held) {
            return routed(held.item()) ? NotificationClaim.DONE : NotificationClaim.BUSY;
        }
    }

    /** A new claim's row: routing, under a lease of {@link #CLAIM_LEASE} from {@code now}. */
    private static Map<String, AttributeValue> claimItem(String notificationId, String eventType, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("deliveryId", s(DeliveryLedger.notificationKey(notificationId)));
        item.put("notificationId", s(notificationId));
        item.put("routing", s(ROUTING));
        item.put(LEASE_UNTIL, AttributeValue.fromN(Long.toString(now.plus(CLAIM_LEASE).toEpochMilli())));
        item.put("eventType", s(eventType));
        item.put("createdAt", s(SortableInstants.format(now)));
        item.put(HeraldTopology.TTL_ATTRIBUTE, AttributeValue.fromN(Long.toString(now.plus(RETENTION).getEpochSecond())));
        return item;
    }

    @Override
    public Map<String, NotificationClaim> claimNewNotifications(Map<String, String> eventTypes) {
        Instant now = clock.instant();
        Map<String, String> byKey = new HashMap<>();
        List<LedgerStatements.Move> inserts = new ArrayList<>();
        eventTypes.forEach((id, type) -> {
            byKey.put(DeliveryLedger.notificationKey(id), id);
            inserts.add(statements.insert(claimItem(id, type, now)));
        });
        Map<String, NotificationClaim> claimed = new HashMap<>();
        statements.run(inserts).forEach((key, answer) -> {
            if (answer.moved()) {
                claimed.put(byKey.get(key), NotificationClaim.NEW);
            }
        });
        return claimed;
    }

    @Override
    public Map<String, String> completeNotifications(List<String> notificationIds) {
        String now = SortableInstants.format(clock.instant());
        Map<String, String> byKey = new HashMap<>();
        List<LedgerStatements.Move> updates = new ArrayList<>();
        for (String id : new java.util.LinkedHashSet<>(notificationIds)) {
            String key = DeliveryLedger.notificationKey(id);
            byKey.put(key, id);
            updates.add(statements.update(key, new java.util.LinkedHashMap<>(Map.of("routing", s(ROUTED), "updatedAt", s(now))),
                    List.of("status", "reason", LEASE_UNTIL)));
        }
        Map<String, String> failed = new java.util.LinkedHashMap<>();
        statements.run(updates).forEach((key, answer) -> {
            if (!answer.moved()) {
                failed.put(byKey.get(key), answer.error() != null ? answer.error() : "the notification's claim row is gone");
            }
        });
        return failed;
    }

    @Override
    public boolean markNotificationCancelled(String notificationId, String reason) {
        try {
            dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(key(DeliveryLedger.notificationKey(notificationId)))
                    .updateExpression("SET " + CANCELLED + " = :reason, updatedAt = :now")
                    .conditionExpression("attribute_exists(deliveryId)")
                    .expressionAttributeValues(Map.of(":reason", s(reason), ":now", s(SortableInstants.format(clock.instant())))).build());
            return true;
        } catch (ConditionalCheckFailedException unknown) {
            return false;
        }
    }

    @Override
    public Map<String, String> cancelledNotifications(java.util.Collection<String> notificationIds) {
        Map<String, String> cancelled = new HashMap<>();
        Map<String, String> byKey = new HashMap<>();
        notificationIds.forEach(id -> byKey.put(DeliveryLedger.notificationKey(id), id));
        getAll(List.copyOf(byKey.keySet())).forEach((key, item) -> {
            AttributeValue reason = item.get(CANCELLED);
            if (reason != null && reason.s() != null) {
                cancelled.put(byKey.get(key), reason.s());
            }
        });
        return cancelled;
    }

    private static boolean routed(Map<String, AttributeValue> item) {
        return item != null && item.containsKey("routing") && ROUTED.equals(item.get("routing").s());
    }

    @Override
    public void completeNotification(String notificationId) {
        dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(key(DeliveryLedger.notificationKey(notificationId)))
                .updateExpression("SET routing = :r, updatedAt = :now REMOVE #s, reason, " + LEASE_UNTIL)
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":r", s(ROUTED), ":now", s(SortableInstants.format(clock.instant())))).build());
    }

    @Override
    public void failNotification(String notificationId, String eventType, String reason, int receiveCount) {
        Instant now = clock.instant();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":failed", s(DeliveryStatus.FAILED.wireName()));
        values.put(":reason", s(reason));
        values.put(":n", AttributeValue.fromN(Integer.toString(Math.max(1, receiveCount))));
        values.put(":now", s(SortableInstants.format(now)));
        values.put(":nid", s(notificationId));
        values.put(":type", s(eventType == null ? "" : eventType));
        values.put(":routing", s(ROUTING));
        values.put(":routed", s(ROUTED));
        values.put(":ttl", AttributeValue.fromN(Long.toString(now.plus(RETENTION).getEpochSecond())));
        try {
            // An upsert: a failure before the claim was written still leaves its reason (and an unfinished claim).
            dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(key(DeliveryLedger.notificationKey(notificationId)))
                    .updateExpression("SET #s = :failed, reason = :reason, attempts = :n, updatedAt = :now, notificationId = :nid, "
                            + "eventType = if_not_exists(eventType, :type), routing = if_not_exists(routing, :routing), "
                            + "createdAt = if_not_exists(createdAt, :now), #ttl = if_not_exists(#ttl, :ttl) REMOVE " + LEASE_UNTIL)
                    .conditionExpression("attribute_not_exists(routing) OR routing <> :routed")
                    .expressionAttributeNames(Map.of("#s", "status", "#ttl", HeraldTopology.TTL_ATTRIBUTE))
                    .expressionAttributeValues(values).build());
        } catch (ConditionalCheckFailedException routedMeanwhile) {
            // another copy finished routing it: nothing failed after all
        }
    }

    private Map<String, AttributeValue> toItem(LedgerEntry e) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("deliveryId", s(e.deliveryId()));
        put(item, "notificationId", e.notificationId());
        put(item, "userId", e.userId());
        if (e.notificationId() != null && e.userId() != null) {
            // the operator's query by notification (byNotification index)
            item.put(LedgerShards.NOTIFICATION_SHARD, s(LedgerShards.notificationShard(e.notificationId(), e.userId())));
        }
        put(item, "channel", e.channel() == null ? null : e.channel().wireName());
        put(item, "eventType", e.eventType());
        put(item, "category", e.category());
        item.put("status", s(e.status().wireName()));
        put(item, "reason", e.reason());
        item.put("attempts", AttributeValue.fromN(Integer.toString(e.attempts())));
        put(item, "title", e.title());
        put(item, "body", e.body());
        Instant created = e.createdAt() != null ? e.createdAt() : clock.instant();
        // createdAt is the user index's sort key: the inbox reads newest first
        item.put("createdAt", s(SortableInstants.format(created)));
        item.put("updatedAt", s(SortableInstants.format(e.updatedAt() != null ? e.updatedAt() : created)));
        item.put(HeraldTopology.TTL_ATTRIBUTE, AttributeValue.fromN(Long.toString(created.plus(RETENTION).getEpochSecond())));
        return item;
    }

    private static Optional<LedgerEntry> fromItem(Map<String, AttributeValue> item) {
        if (!item.containsKey("status")) {
            return Optional.empty();
        }
        return DeliveryStatus.fromWireName(item.get("status").s()).map(status -> new LedgerEntry(
                str(item, "deliveryId"), str(item, "notificationId"), str(item, "userId"), channel(item),
                str(item, "eventType"), str(item, "category"), status, str(item, "reason"),
                item.containsKey("attempts") ? Integer.parseInt(item.get("attempts").n()) : 0,
                str(item, "title"), str(item, "body"), instant(item, "createdAt"), instant(item, "updatedAt")));
    }

    private static Map<String, AttributeValue> key(String deliveryId) {
        return Map.of("deliveryId", s(deliveryId));
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static void put(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    /** The row's channel; an unknown name (a row written by hand) reads as none rather than failing the whole query. */
    private static Channel channel(Map<String, AttributeValue> item) {
        String name = str(item, "channel");
        return name == null ? null : Channel.fromWireName(name).orElse(null);
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        String v = str(item, name);
        return v == null ? null : Instant.parse(v);
    }
}
