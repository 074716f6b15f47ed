package dev.herald.common.store;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * {@link RouteStore} on the Routes table: an item per route ({@code routeId}, {@code document}, {@code updatedAt})
 * and the version item ({@code routeId = "#version"}, a number {@code version} raised with an atomic ADD). A put
 * writes the route first and raises the version second, so a reader that sees the new version also sees the route
 * (both reads are strongly consistent).
 */
public final class DynamoDbRouteStore implements RouteStore {
    /** The version item's key: '#' is outside {@link #ID}, so no route can take it. */
    public static final String VERSION_ID = "#version";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoDbRouteStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public void put(String routeId, String document) {
        requireId(routeId);
        dynamo.putItem(r -> r.tableName(table).item(Map.of("routeId", s(routeId), "document", s(document),
                "updatedAt", s(clock.instant().toString()))));
        raiseVersion();
    }

    @Override
    public Optional<StoredRoute> get(String routeId) {
        requireId(routeId);
        var item = dynamo.getItem(r -> r.tableName(table).key(key(routeId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public List<StoredRoute> list() {
        List<StoredRoute> routes = new ArrayList<>();
        dynamo.scanPaginator(r -> r.tableName(table).consistentRead(true)).items().forEach(item -> {
            if (!VERSION_ID.equals(item.get("routeId").s())) {
                routes.add(fromItem(item));
            }
        });
        routes.sort(Comparator.comparing(StoredRoute::routeId));
        return routes;
    }

    @Override
    public boolean delete(String routeId) {
        requireId(routeId);
        var old = dynamo.deleteItem(r -> r.tableName(table).key(key(routeId)).returnValues(ReturnValue.ALL_OLD)).attributes();
        raiseVersion();
        return old != null && !old.isEmpty();
    }

    @Override
    public long version() {
        var item = dynamo.getItem(r -> r.tableName(table).key(key(VERSION_ID)).consistentRead(true)
                .projectionExpression("version")).item();
        return item == null || !item.containsKey("version") ? 0 : Long.parseLong(item.get("version").n());
    }

    private void raiseVersion() {
        dynamo.updateItem(r -> r.tableName(table).key(key(VERSION_ID)).updateExpression("ADD version :one")
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
    }

    private static void requireId(String routeId) {
        if (routeId == null || !ID.matcher(routeId).matches()) {
            throw new IllegalArgumentException("route id '" + routeId + "' is not valid; use 1-128 characters of A-Z, a-z, 0-9,"
                    + " '.', '_' or '-', starting with a letter or digit, e.g. order-shipped");
        }
    }

    private static StoredRoute fromItem(Map<String, AttributeValue> item) {
        return new StoredRoute(item.get("routeId").s(), item.get("document").s());
    }

    private static Map<String, AttributeValue> key(String routeId) {
        return Map.of("routeId", s(routeId));
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }
}
