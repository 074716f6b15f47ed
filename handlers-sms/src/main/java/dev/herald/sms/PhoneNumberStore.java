package dev.herald.sms;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The PhoneNumbers table ({@code herald-phone-numbers}, key {@code userId}): one phone number per user, in E.164,
 * written only by the phone API after {@link PhoneNumbers} validated it. DynamoDB faults propagate
 * ({@code SdkException}): the API answers 503, the delivery handler records a transient failure.
 */
final class PhoneNumberStore {
    /** A user's registered number. */
    record Phone(String userId, String phoneNumber, String regionCode, Instant registeredAt) {
    }

    private final DynamoDbClient dynamo;
    private final String table;

    PhoneNumberStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    Optional<Phone> find(String userId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(key(userId)).consistentRead(true)).item();
        if (item == null || item.isEmpty() || !item.containsKey("phoneNumber")) {
            return Optional.empty();
        }
        return Optional.of(new Phone(userId, item.get("phoneNumber").s(),
                item.containsKey("regionCode") ? item.get("regionCode").s() : null,
                item.containsKey("registeredAt") ? Instant.parse(item.get("registeredAt").s()) : null));
    }

    /** Stores {@code phone}; true when the user had no number before. */
    boolean put(Phone phone) {
        Map<String, AttributeValue> old = dynamo.putItem(r -> r.tableName(table).returnValues("ALL_OLD").item(Map.of(
                "userId", AttributeValue.fromS(phone.userId()),
                "phoneNumber", AttributeValue.fromS(phone.phoneNumber()),
                "regionCode", AttributeValue.fromS(phone.regionCode() == null ? "ZZ" : phone.regionCode()),
                "registeredAt", AttributeValue.fromS(phone.registeredAt().toString())))).attributes();
        return old == null || old.isEmpty();
    }

    /** Removes the user's number; true when there was one. */
    boolean delete(String userId) {
        Map<String, AttributeValue> old = dynamo.deleteItem(r -> r.tableName(table).key(key(userId)).returnValues("ALL_OLD")).attributes();
        return old != null && !old.isEmpty();
    }

    private static Map<String, AttributeValue> key(String userId) {
        return Map.of("userId", AttributeValue.fromS(userId));
    }
}
