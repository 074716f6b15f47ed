package dev.herald.common.store;

import dev.herald.common.config.Clocks;
import dev.herald.common.topology.HeraldTopology;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * {@link ConnectionStore} on the Connections table: PK {@code connectionId}; attributes {@code userId},
 * {@code connectedAt} (ISO-8601 UTC with milliseconds, so that strings sort as times) and
 * {@code expiresAt} (epoch seconds, the table's TTL attribute); GSI {@code byUser} on {@code userId}
 * + {@code connectedAt}. The GSI is eventually consistent: a connection made a moment ago may not be
 * listed by {@link #forUser} yet.
 */
public final class DynamoDbConnectionStore implements ConnectionStore {
    /** Fixed width, unlike {@link Instant#toString()}, so the GSI sort key orders correctly. */
    private static final DateTimeFormatter CONNECTED_AT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoDbConnectionStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    public DynamoDbConnectionStore(DynamoDbClient dynamo, String table) {
        this(dynamo, table, Clocks.current());
    }

    @Override
    public void put(Connection c) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("connectionId", AttributeValue.fromS(c.connectionId()));
        item.put("userId", AttributeValue.fromS(c.userId()));
        item.put("connectedAt", AttributeValue.fromS(CONNECTED_AT.format(c.connectedAt())));
        item.put(HeraldTopology.TTL_ATTRIBUTE, AttributeValue.fromN(Long.toString(c.expiresAt().getEpochSecond())));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    @Override
    public Optional<Connection> find(String connectionId) {
        var item = dynamo.getItem(r -> r.tableName(table).key(key(connectionId)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return fromItem(item).filter(c -> !c.expiredAt(now));
    }

    @Override
    public List<Connection> forUser(String userId) {
        Instant now = clock.instant();
        // The filter runs after the key condition, on DynamoDB's side: rows TTL has not removed yet stay out.
        QueryRequest query = QueryRequest.builder().tableName(table).indexName(HeraldTopology.INDEX_BY_USER)
                .keyConditionExpression("userId = :u")
                .filterExpression("#exp > :now")
                .expressionAttributeNames(Map.of("#exp", HeraldTopology.TTL_ATTRIBUTE))
                .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(userId),
                        ":now", AttributeValue.fromN(Long.toString(now.getEpochSecond()))))
                .build();
        return dynamo.queryPaginator(query).items().stream()
                .map(DynamoDbConnectionStore::fromItem).flatMap(Optional::stream)
                .filter(c -> !c.expiredAt(now))
                .toList();
    }

    @Override
    public void delete(String connectionId) {
        dynamo.deleteItem(r -> r.tableName(table).key(key(connectionId)));
    }

    private static Optional<Connection> fromItem(Map<String, AttributeValue> item) {
        AttributeValue id = item.get("connectionId");
        AttributeValue user = item.get("userId");
        AttributeValue at = item.get("connectedAt");
        AttributeValue exp = item.get(HeraldTopology.TTL_ATTRIBUTE);
        if (id == null || user == null || at == null || exp == null) {
            return Optional.empty();
        }
        return Optional.of(new Connection(id.s(), user.s(), Instant.parse(at.s()), Instant.ofEpochSecond(Long.parseLong(exp.n()))));
    }

    private static Map<String, AttributeValue> key(String connectionId) {
        return Map.of("connectionId", AttributeValue.fromS(connectionId));
    }
}
