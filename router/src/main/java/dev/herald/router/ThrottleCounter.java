package dev.herald.router;

import dev.herald.common.event.Channel;
import dev.herald.common.topology.HeraldTopology;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Counts deliveries against a {@link Throttle} in the Throttles table: one item per user, channel, category and window
 * holding the set of delivery ids the window let through. A delivery id is added only if it is absent and the set holds
 * fewer than {@code limit} ids (one conditional UpdateItem:
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html), so a
 * redelivered event, whose delivery ids are the same, is let through again without counting twice, and concurrent
 * routers never let more than {@code limit} through. Items expire (TTL) one window after their window ends.
 */
final class ThrottleCounter {
    static final String KEY = "counterKey";
    static final String IDS = "ids";

    private final DynamoDbClient dynamo;
    private final String table;

    ThrottleCounter(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * Whether this delivery may go: true when it was counted in its window now or before (a redelivery), false when the
     * window is full.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when the table cannot be reached (the record is retried)
     */
    boolean admit(Throttle throttle, String user, Channel channel, String category, String deliveryId, Instant now) {
        long window = throttle.window().toSeconds();
        long start = Math.floorDiv(now.getEpochSecond(), window) * window;
        String key = user + "#" + channel.wireName() + "#" + (category == null ? "-" : category) + "#" + window + "#" + start;
        Map<String, AttributeValue> item = Map.of(KEY, AttributeValue.fromS(key));
        try {
            dynamo.updateItem(r -> r.tableName(table).key(item)
                    .updateExpression("ADD #ids :id SET #ttl = :ttl")
                    .conditionExpression("attribute_not_exists(#ids) OR (NOT contains(#ids, :one) AND size(#ids) < :limit)")
                    .expressionAttributeNames(Map.of("#ids", IDS, "#ttl", HeraldTopology.TTL_ATTRIBUTE))
                    .expressionAttributeValues(Map.of(
                            ":id", AttributeValue.fromSs(java.util.List.of(deliveryId)),
                            ":one", AttributeValue.fromS(deliveryId),
                            ":limit", AttributeValue.fromN(Integer.toString(throttle.limit())),
                            ":ttl", AttributeValue.fromN(Long.toString(start + 2 * window)))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            // full, or this delivery was counted by an earlier attempt: only the latter goes
            var counted = dynamo.getItem(r -> r.tableName(table).key(item).consistentRead(true)).item().get(IDS);
            return counted != null && counted.ss().contains(deliveryId);
        }
    }
}
