package dev.herald.common.orchestration;

import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.LedgerEntry;
import dev.herald.common.ledger.LedgerShards;
import dev.herald.common.topology.HeraldTopology;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * An operator's cancel of a notification ({@code DELETE /v1/admin/notifications/{notificationId}}): every delivery row of it
 * that no handler has claimed yet ({@code scheduled}, {@code pending}, {@code queued}, {@code failed}) becomes {@code cancelled}
 * with reason {@value #REASON}. The handlers claim a delivery only from those statuses (a conditional write), so a cancelled one
 * is never sent, whenever its message arrives; a row a handler claimed first stays as it is (sent, or being sent). Finds the rows
 * through the ledger's {@code byNotification} index, shard after shard. Before that it marks the notification cancelled
 * ({@link DeliveryLedger#markNotificationCancelled}): the router writes every part of the audience it routes after the
 * mark (the chunk messages of a large topic still waiting on the ingress queue) as {@code cancelled}, and queues none of
 * it. A chunk the router is routing at the moment of the cancel (read the mark before it was set, writes its rows after
 * the query) is not caught: at most one router batch per concurrent router invocation, 250 users each; a second cancel
 * catches its rows while they are unsent. Thread-safe.
 */
public final class NotificationCancel {
    /** The ledger reason of a delivery cancelled by an operator. */
    public static final String REASON = "cancelled by operator";
    /** Statuses a cancel moves to {@code cancelled}: nothing has been sent for them yet. */
    public static final Set<DeliveryStatus> UNSENT = EnumSet.of(DeliveryStatus.SCHEDULED, DeliveryStatus.PENDING, DeliveryStatus.QUEUED,
            DeliveryStatus.FAILED);

    /** What a cancel did. */
    public sealed interface Result {
        /** The ledger knows no delivery of this notification. */
        record NotFound() implements Result {
        }

        /** {@code cancelled} deliveries were cancelled now; {@code alreadyFinal} were sent, skipped or cancelled before. */
        record Cancelled(int cancelled, int alreadyFinal) implements Result {
        }

        /** Nothing was left to cancel: every delivery is past sending ({@code statuses}: how many in each status). */
        record AlreadySent(Map<String, Integer> statuses) implements Result {
        }
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final DeliveryLedger ledger;

    public NotificationCancel(DynamoDbClient dynamo, String table, DeliveryLedger ledger) {
        this.dynamo = dynamo;
        this.table = table;
        this.ledger = ledger;
    }

    /** Cancels what of {@code notificationId} is not sent yet. Infrastructure faults are the SDK's unchecked exceptions. */
    public Result cancel(String notificationId) {
        // first the mark, then the rows: a part of the audience routed after the mark is written cancelled by the router,
        // one routed before it is found here
        boolean known = ledger.markNotificationCancelled(notificationId, REASON);
        List<String> ids = deliveryIds(notificationId);
        if (ids.isEmpty()) {
            return known ? new Result.Cancelled(0, 0) : new Result.NotFound();
        }
        int cancelled = 0;
        Map<String, Integer> others = new TreeMap<>();
        boolean cancelledBefore = false;
        for (String id : ids) {
            if (ledger.transition(id, UNSENT, DeliveryStatus.CANCELLED, REASON)) {
                cancelled++;
                continue;
            }
            Optional<LedgerEntry> row = ledger.find(id);
            row.ifPresent(r -> others.merge(r.status().wireName(), 1, Integer::sum));
            cancelledBefore |= row.map(r -> r.status() == DeliveryStatus.CANCELLED && REASON.equals(r.reason())).orElse(false);
        }
        if (cancelled == 0 && !cancelledBefore) {
            return new Result.AlreadySent(others);
        }
        return new Result.Cancelled(cancelled, ids.size() - cancelled);
    }

    private List<String> deliveryIds(String notificationId) {
        List<String> ids = new ArrayList<>();
        for (int shard = 0; shard < LedgerShards.SHARDS; shard++) {
            Map<String, AttributeValue> start = null;
            do {
                QueryResponse r = dynamo.query(QueryRequest.builder().tableName(table).indexName(HeraldTopology.INDEX_BY_NOTIFICATION)
                        .keyConditionExpression(LedgerShards.NOTIFICATION_SHARD + " = :k")
                        .expressionAttributeValues(Map.of(":k", AttributeValue.fromS(LedgerShards.key(notificationId, shard))))
                        .exclusiveStartKey(start).build());
                r.items().forEach(item -> ids.add(item.get("deliveryId").s()));
                start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
            } while (start != null);
        }
        return ids;
    }
}
