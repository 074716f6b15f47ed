package dev.herald.webhook;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The {@code herald-webhooks} table: one item per endpoint, keyed by {@code endpointId}. Thread-safe (the SDK client is).
 * The table is small (an account's endpoints), so the delivery function reads it whole ({@link #all()}) and caches it.
 */
final class WebhookStore {
    private final DynamoDbClient dynamo;
    private final String table;

    WebhookStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    void put(WebhookEndpoint e) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("endpointId", s(e.endpointId()));
        item.put("url", s(e.url().toString()));
        item.put("scope", s(e.scope().wire()));
        item.put("secret", s(e.secret()));
        item.put("enabled", AttributeValue.fromBool(e.enabled()));
        item.put("createdAt", s(e.createdAt().toString()));
        if (e.failingSince() != null) {
            item.put("failingSince", s(e.failingSince().toString()));
        }
        if (e.disabledReason() != null) {
            item.put("disabledReason", s(e.disabledReason()));
        }
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    Optional<WebhookEndpoint> get(String endpointId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(key(endpointId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    List<WebhookEndpoint> all() {
        List<WebhookEndpoint> all = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanRequest.Builder req = ScanRequest.builder().tableName(table);
            if (start != null) {
                req.exclusiveStartKey(start);
            }
            ScanResponse page = dynamo.scan(req.build());
            page.items().forEach(i -> all.add(fromItem(i)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        all.sort(java.util.Comparator.comparing(WebhookEndpoint::endpointId));
        return all;
    }

    /** @return whether it was there */
    boolean delete(String endpointId) {
        var old = dynamo.deleteItem(r -> r.tableName(table).key(key(endpointId))
                .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_OLD)).attributes();
        return old != null && !old.isEmpty();
    }

    /** Notes the start of a run of failures (kept when one is already noted); returns the start now on record. */
    Instant markFailing(String endpointId, Instant now) {
        var updated = dynamo.updateItem(r -> r.tableName(table).key(key(endpointId))
                .conditionExpression("attribute_exists(endpointId)")
                .updateExpression("SET failingSince = if_not_exists(failingSince, :now)")
                .expressionAttributeValues(Map.of(":now", s(now.toString())))
                .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_NEW)).attributes();
        return Instant.parse(updated.get("failingSince").s());
    }

    void clearFailing(String endpointId) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(endpointId)).conditionExpression("attribute_exists(failingSince)")
                    .updateExpression("REMOVE failingSince"));
        } catch (ConditionalCheckFailedException e) {
            // nothing was failing (or the endpoint is gone)
        }
    }

    void disable(String endpointId, String reason) {
        update(endpointId, "SET enabled = :f, disabledReason = :r", Map.of(":f", AttributeValue.fromBool(false), ":r", s(reason)));
    }

    /** @return false when there is no such endpoint */
    boolean enable(String endpointId) {
        try {
            update(endpointId, "SET enabled = :t REMOVE disabledReason, failingSince", Map.of(":t", AttributeValue.fromBool(true)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private void update(String endpointId, String expression, Map<String, AttributeValue> values) {
        dynamo.updateItem(r -> r.tableName(table).key(key(endpointId)).conditionExpression("attribute_exists(endpointId)")
                .updateExpression(expression).expressionAttributeValues(values));
    }

    private static WebhookEndpoint fromItem(Map<String, AttributeValue> i) {
        return new WebhookEndpoint(i.get("endpointId").s(), URI.create(i.get("url").s()),
                WebhookScope.parse(i.get("scope").s()).orElseThrow(() -> new IllegalStateException(
                        "endpoint " + i.get("endpointId").s() + " has scope '" + i.get("scope").s() + "'; register it again with " + WebhookScope.FORMAT)),
                i.get("secret").s(), i.get("enabled") == null || Boolean.TRUE.equals(i.get("enabled").bool()),
                i.containsKey("failingSince") ? Instant.parse(i.get("failingSince").s()) : null,
                i.containsKey("disabledReason") ? i.get("disabledReason").s() : null,
                i.containsKey("createdAt") ? Instant.parse(i.get("createdAt").s()) : Instant.EPOCH);
    }

    private static Map<String, AttributeValue> key(String endpointId) {
        return Map.of("endpointId", s(endpointId));
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }
}
