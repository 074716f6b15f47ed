package dev.herald.common.store;

import dev.herald.common.topology.HeraldTopology;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * {@link DeviceTokenStore} on DynamoDB. Registration is one {@code UpdateItem} (an upsert that keeps
 * {@code createdAt}); clean-up after an APNs {@code Unregistered} answer is a read plus a delete
 * conditional on the {@code lastSeen} that was read, so a concurrent re-registration wins.
 */
public final class DynamoDbDeviceTokenStore implements DeviceTokenStore {
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbDeviceTokenStore.class);
    /**
     * How long a token lives without the app registering it again. Apps register on every launch;
     * 270 days without a launch means the app is gone or unused (FCM, too, treats tokens inactive for
     * 270 days as expired: https://firebase.google.com/docs/cloud-messaging/manage-tokens).
     */
    public static final Duration DEFAULT_TTL = Duration.ofDays(270);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final Duration ttl;

    public DynamoDbDeviceTokenStore(DynamoDbClient dynamo, String table, Clock clock, Duration ttl) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.ttl = ttl;
    }

    public DynamoDbDeviceTokenStore(DynamoDbClient dynamo, String table) {
        this(dynamo, table, Clock.systemUTC(), DEFAULT_TTL);
    }

    @Override
    public Registered register(String userId, String token, Platform platform, String app) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(ttl);
        Map<String, String> names = new HashMap<>(Map.of("#platform", "platform", "#app", "app", "#lastSeen", "lastSeen",
                "#expiresAt", HeraldTopology.TTL_ATTRIBUTE, "#createdAt", "createdAt"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":platform", AttributeValue.fromS(platform.wireName()),
                ":now", AttributeValue.fromS(now.toString()),
                ":expiresAt", AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond()))));
        String update = "SET #platform = :platform, #lastSeen = :now, #expiresAt = :expiresAt, #createdAt = if_not_exists(#createdAt, :now)";
        if (app != null) {
            values.put(":app", AttributeValue.fromS(app));
            update += ", #app = :app";
        } else {
            update += " REMOVE #app";
        }
        String expression = update;
        Map<String, AttributeValue> old = dynamo.updateItem(r -> r.tableName(table).key(key(userId, token))
                .updateExpression(expression).expressionAttributeNames(names).expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_OLD)).attributes();
        boolean created = old == null || old.isEmpty();
        return new Registered(new DeviceToken(userId, token, platform, app, now, Instant.ofEpochSecond(expiresAt.getEpochSecond())), created);
    }

    @Override
    public List<DeviceToken> forUser(String userId) {
        long now = clock.instant().getEpochSecond();
        List<DeviceToken> devices = new ArrayList<>();
        // Consistent read: a device registered a moment ago gets the very next push.
        dynamo.queryPaginator(r -> r.tableName(table).keyConditionExpression("userId = :u")
                        .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(userId))).consistentRead(true))
                .items().forEach(item -> toDevice(item)
                        .filter(d -> d.expiresAt() == null || d.expiresAt().getEpochSecond() > now)
                        .ifPresent(devices::add));
        return devices;
    }

    @Override
    public boolean delete(String userId, String token) {
        Map<String, AttributeValue> old = dynamo.deleteItem(r -> r.tableName(table).key(key(userId, token))
                .returnValues(ReturnValue.ALL_OLD)).attributes();
        return old != null && !old.isEmpty();
    }

    @Override
    public boolean heldByAnotherUser(String userId, String token) {
        try {
            return dynamo.queryPaginator(r -> r.tableName(table).indexName(HeraldTopology.INDEX_BY_TOKEN)
                            .keyConditionExpression("#t = :t").expressionAttributeNames(Map.of("#t", "token"))
                            .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(token))).projectionExpression("userId"))
                    .items().stream().anyMatch(item -> item.containsKey("userId") && !userId.equals(item.get("userId").s()));
        } catch (DynamoDbException e) {
            if (e.statusCode() == 400 && e.getMessage() != null && e.getMessage().contains("index")) {
                // a table created before the index existed (an old local data directory): no way to tell, so "no"
                LOG.warn("device token table {} has no {} index; recreate it from the Topology", table, HeraldTopology.INDEX_BY_TOKEN);
                return false;
            }
            throw e;
        }
    }

    @Override
    public boolean deleteUnlessSeenAfter(String userId, String token, Instant invalidSince) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(key(userId, token)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return false;
        }
        AttributeValue seen = item.get("lastSeen");
        Instant lastSeen = seen == null ? null : parseInstant(seen.s());
        if (lastSeen != null && lastSeen.isAfter(invalidSince)) {
            return false;
        }
        try {
            if (seen == null) {
                dynamo.deleteItem(r -> r.tableName(table).key(key(userId, token)).conditionExpression("attribute_not_exists(lastSeen)"));
            } else {
                dynamo.deleteItem(r -> r.tableName(table).key(key(userId, token)).conditionExpression("lastSeen = :seen")
                        .expressionAttributeValues(Map.of(":seen", seen)));
            }
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false; // registered again between the read and the delete
        }
    }

    private static Map<String, AttributeValue> key(String userId, String token) {
        return Map.of("userId", AttributeValue.fromS(userId), "token", AttributeValue.fromS(token));
    }

    private static Optional<DeviceToken> toDevice(Map<String, AttributeValue> item) {
        Optional<Platform> platform = Optional.ofNullable(item.get("platform")).map(AttributeValue::s).flatMap(Platform::fromWireName);
        if (platform.isEmpty()) {
            // Written by hand or by a newer Herald; never guess a push service for a token.
            LOG.warn("device token row skipped: platform is not ios or android userId={}", item.get("userId").s());
            return Optional.empty();
        }
        AttributeValue app = item.get("app");
        AttributeValue seen = item.get("lastSeen");
        AttributeValue expires = item.get(HeraldTopology.TTL_ATTRIBUTE);
        return Optional.of(new DeviceToken(item.get("userId").s(), item.get("token").s(), platform.get(),
                app == null ? null : app.s(), seen == null ? null : parseInstant(seen.s()),
                expires == null || expires.n() == null ? null : Instant.ofEpochSecond(Long.parseLong(expires.n()))));
    }

    private static Instant parseInstant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
