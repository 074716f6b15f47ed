package dev.herald.common.store;

import dev.herald.common.config.Clocks;
import dev.herald.common.topology.HeraldTopology;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * {@link TopicStore} on the Topics table (PK {@code topic}, SK {@code userId}, GSI {@code byUser} on
 * {@code userId} + {@code topic}); items are {@code {topic, userId, subscribedAt}}.
 *
 * <p>A page token is the last user id of the page (DynamoDB's LastEvaluatedKey without the partition
 * key, which the caller passes anyway), base64url-encoded so callers treat it as opaque.
 */
public final class DynamoDbTopicStore implements TopicStore {
    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoDbTopicStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    public DynamoDbTopicStore(DynamoDbClient dynamo, String table) {
        this(dynamo, table, Clocks.current());
    }

    @Override
    public void subscribe(String topic, String userId) {
        try {
            dynamo.putItem(r -> r.tableName(table)
                    .item(Map.of("topic", s(topic), "userId", s(userId), "subscribedAt", s(clock.instant().toString())))
                    .conditionExpression("attribute_not_exists(userId)"));
        } catch (ConditionalCheckFailedException alreadySubscribed) {
            // idempotent: the first subscription time stays
        }
    }

    @Override
    public void unsubscribe(String topic, String userId) {
        dynamo.deleteItem(r -> r.tableName(table).key(Map.of("topic", s(topic), "userId", s(userId))));
    }

    @Override
    public Page subscribers(String topic, String pageToken, int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize " + pageSize + " must be at least 1");
        }
        QueryRequest.Builder query = QueryRequest.builder().tableName(table)
                .keyConditionExpression("topic = :t").expressionAttributeValues(Map.of(":t", s(topic)))
                .projectionExpression("userId").limit(Math.min(pageSize, MAX_PAGE_SIZE));
        if (pageToken != null) {
            query.exclusiveStartKey(Map.of("topic", s(topic), "userId", s(decode(pageToken))));
        }
        QueryResponse response = dynamo.query(query.build());
        List<String> users = new ArrayList<>(response.items().size());
        response.items().forEach(item -> users.add(item.get("userId").s()));
        Map<String, AttributeValue> last = response.lastEvaluatedKey();
        Optional<String> next = response.hasLastEvaluatedKey() && last != null && !last.isEmpty()
                ? Optional.of(encode(last.get("userId").s())) : Optional.empty();
        return new Page(users, next);
    }

    @Override
    public List<String> topicsOf(String userId) {
        List<String> topics = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder().tableName(table).indexName(HeraldTopology.INDEX_BY_USER)
                    .keyConditionExpression("userId = :u").expressionAttributeValues(Map.of(":u", s(userId)));
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            QueryResponse response = dynamo.query(query.build());
            response.items().forEach(item -> topics.add(item.get("topic").s()));
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return topics;
    }

    private static String encode(String userId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(userId.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("page token '" + token + "' was not issued by subscribers(); pass null for the first page", e);
        }
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }
}
