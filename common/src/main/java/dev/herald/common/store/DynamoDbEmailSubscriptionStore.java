package dev.herald.common.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@link EmailSubscriptionStore} on the EmailSubscriptions table: PK {@code userId}; attributes
 * {@code address}, {@code status} (pending | confirmed | unsubscribed), {@code unsubscribeToken},
 * {@code createdAt}, {@code confirmedAt}, {@code updatedAt} (ISO-8601 strings) - the item shape the
 * local demo seed writes.
 */
public final class DynamoDbEmailSubscriptionStore implements EmailSubscriptionStore {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbEmailSubscriptionStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<EmailSubscription> find(String userId) {
        return fromItem(dynamo.getItem(r -> r.tableName(table).key(key(userId)).consistentRead(true)).item());
    }

    /** The table's key of a user's subscription (for reads that batch it with others). */
    public static Map<String, AttributeValue> key(String userId) {
        return Map.of("userId", s(userId));
    }

    /** A subscription item as {@link #find} reads it; empty for a missing item or one without an address. */
    public static Optional<EmailSubscription> fromItem(Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty() || str(item, "address") == null) {
            return Optional.empty();
        }
        // An item with an unknown status is treated as pending: it receives nothing until confirmed again.
        Status status = Status.fromWireName(str(item, "status")).orElse(Status.PENDING);
        return Optional.of(new EmailSubscription(str(item, "userId"), str(item, "address"), status,
                str(item, "unsubscribeToken"), instant(item, "createdAt"), instant(item, "confirmedAt"), instant(item, "updatedAt")));
    }

    @Override
    public void put(EmailSubscription sub) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("userId", s(sub.userId()));
        item.put("address", s(sub.address()));
        item.put("status", s(sub.status().wireName()));
        putIfPresent(item, "unsubscribeToken", sub.unsubscribeToken());
        putIfPresent(item, "createdAt", sub.createdAt());
        putIfPresent(item, "confirmedAt", sub.confirmedAt());
        putIfPresent(item, "updatedAt", sub.updatedAt());
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    @Override
    public boolean transition(String userId, String address, String nonce, Set<Status> from, Status to, Instant at) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":address", s(address));
        if (nonce != null) {
            values.put(":nonce", s(nonce));
        }
        values.put(":to", s(to.wireName()));
        values.put(":at", s(at.toString()));
        List<String> placeholders = new ArrayList<>();
        for (Status s : from) {
            String p = ":from" + placeholders.size();
            placeholders.add(p);
            values.put(p, s(s.wireName()));
        }
        String update = "SET #status = :to, updatedAt = :at" + (to == Status.CONFIRMED ? ", confirmedAt = :at" : "");
        try {
            dynamo.updateItem(r -> r.tableName(table).key(Map.of("userId", s(userId)))
                    .updateExpression(update)
                    .conditionExpression("address = :address AND "
                            + (nonce == null ? "attribute_not_exists(unsubscribeToken)" : "unsubscribeToken = :nonce")
                            + " AND #status IN (" + String.join(", ", placeholders) + ")")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException changed) {
            return false;
        }
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, Object value) {
        if (value != null) {
            item.put(name, s(value.toString()));
        }
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        String v = str(item, name);
        try {
            return v == null ? null : Instant.parse(v);
        } catch (java.time.format.DateTimeParseException e) {
            return null; // written by hand in another format: informational only
        }
    }
}
