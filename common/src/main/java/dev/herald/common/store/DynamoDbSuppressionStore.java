package dev.herald.common.store;

import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@link SuppressionStore} on the Suppressions table: PK {@code address} (lower-cased), attributes
 * {@code reason} (bounce | complaint), {@code at} (ISO-8601) and {@code feedbackId}.
 */
public final class DynamoDbSuppressionStore implements SuppressionStore {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbSuppressionStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<Suppression> find(String address) {
        return fromItem(dynamo.getItem(r -> r.tableName(table).key(key(address)).consistentRead(true)).item());
    }

    /** The table's key of an address, in any case (for reads that batch it with others). */
    public static Map<String, AttributeValue> key(String address) {
        return Map.of("address", s(canonical(address)));
    }

    /** A suppression item as {@link #find} reads it; empty for a missing item. */
    public static Optional<Suppression> fromItem(Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        AttributeValue at = item.get("at");
        AttributeValue feedbackId = item.get("feedbackId");
        // An item written by hand without a known reason still suppresses: the address is on the list.
        Reason reason = Reason.fromWireName(item.containsKey("reason") ? item.get("reason").s() : null).orElse(Reason.BOUNCE);
        return Optional.of(new Suppression(item.get("address").s(), reason,
                at == null || at.s() == null ? null : Instant.parse(at.s()), feedbackId == null ? null : feedbackId.s()));
    }

    @Override
    public void suppress(Suppression suppression) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("address", s(canonical(suppression.address())));
        item.put("reason", s(suppression.reason().wireName()));
        item.put("at", s((suppression.at() != null ? suppression.at() : Instant.now()).toString()));
        if (suppression.feedbackId() != null) {
            item.put("feedbackId", s(suppression.feedbackId()));
        }
        try {
            if (suppression.reason() == Reason.COMPLAINT) {
                dynamo.putItem(r -> r.tableName(table).item(item));
            } else {
                dynamo.putItem(r -> r.tableName(table).item(item)
                        .conditionExpression("attribute_not_exists(address) OR #r <> :complaint")
                        .expressionAttributeNames(Map.of("#r", "reason"))
                        .expressionAttributeValues(Map.of(":complaint", s(Reason.COMPLAINT.wireName()))));
            }
        } catch (ConditionalCheckFailedException complained) {
            // already suppressed for a complaint: keep the stronger reason
        }
    }

    /** How the table keys an address: trimmed and lower-cased. */
    public static String canonical(String address) {
        return address.trim().toLowerCase(Locale.ROOT);
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }
}
