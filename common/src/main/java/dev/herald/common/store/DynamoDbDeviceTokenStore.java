package dev.herald.common.store;

import dev.herald.common.config.Clocks;
import dev.herald.common.topology.HeraldTopology;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * {@link DeviceTokenStore} on DynamoDB. A token has one owner: beside the users' rows the table holds one
 * owner row per token (partition {@code "#owner#" + token}, attribute {@code owner}). Registration reads
 * the owner row and then, in one {@code TransactWriteItems}, upserts the registrant's row (keeping
 * {@code createdAt}), sets the owner row on condition that it still names the owner read, and deletes the
 * earlier owner's row; a concurrent registration of the same token makes the condition fail and the
 * registration reads again. Tokens registered before owner rows existed are found through the
 * {@code byToken} index. Clean-up after an APNs {@code Unregistered} answer is a read plus a delete
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

    /** Partition key prefix of owner rows ({@code userId = "#owner#" + token}); no user id contains '#'. */
    static final String CLAIM_PREFIX = "#owner#";
    private static final String OWNER = "owner";
    private static final int MAX_ATTEMPTS = 5;
    /** A transaction holds at most 100 items: the registrant's row, the owner row, and the earlier holders'. */
    private static final int MAX_LEGACY_HOLDERS = 98;

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
        this(dynamo, table, Clocks.current(), DEFAULT_TTL);
    }

    @Override
    public Registered register(String userId, String token, Platform platform, String app) {
        if (userId.startsWith(CLAIM_PREFIX)) {
            throw new IllegalArgumentException("user id '" + userId + "' starts with '" + CLAIM_PREFIX + "', which names the owner rows of "
                    + "device tokens; user ids may not contain '#'");
        }
        for (int attempt = 1; ; attempt++) {
            Map<String, AttributeValue> claim = dynamo.getItem(r -> r.tableName(table).key(claimKey(token)).consistentRead(true)).item();
            String previous = claim == null || !claim.containsKey(OWNER) ? null : claim.get(OWNER).s();
            boolean mine = dynamo.getItem(r -> r.tableName(table).key(key(userId, token)).consistentRead(true)
                    .projectionExpression("userId")).hasItem();
            Set<String> others = new LinkedHashSet<>();
            if (previous == null) {
                others.addAll(legacyHolders(token)); // rows written before tokens had owner rows
            } else {
                others.add(previous);
            }
            others.remove(userId);
            Instant now = clock.instant();
            Instant expiresAt = Instant.ofEpochSecond(now.plus(ttl).getEpochSecond());
            try {
                dynamo.transactWriteItems(r -> r.transactItems(moveTo(userId, token, platform, app, previous, others, now, expiresAt)));
                if (!others.isEmpty()) {
                    LOG.info("device token moved to its new registrant userId={} previousHolders={}", userId, others.size());
                }
                return new Registered(new DeviceToken(userId, token, platform, app, now, expiresAt), !mine);
            } catch (TransactionCanceledException e) {
                // another registration of the same token changed its owner row between the read and the write: read again
                if (attempt >= MAX_ATTEMPTS) {
                    throw new IllegalStateException("device token registration lost " + attempt + " races for the same token in a row; "
                            + "the app should register again", e);
                }
            }
        }
    }

    /**
     * One transaction: the registrant's row (an upsert that keeps {@code createdAt}), the owner row (only if it
     * still names {@code previous}), and the removal of every earlier holder's row - so no reader ever sees the
     * token under two users.
     */
    private List<TransactWriteItem> moveTo(String userId, String token, Platform platform, String app, String previous,
                                           Set<String> others, Instant now, Instant expiresAt) {
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
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().update(u -> u.tableName(table).key(key(userId, token)).updateExpression(expression)
                .expressionAttributeNames(names).expressionAttributeValues(values)).build());
        Map<String, AttributeValue> claim = new HashMap<>(claimKey(token));
        claim.put(OWNER, AttributeValue.fromS(userId));
        claim.put(HeraldTopology.TTL_ATTRIBUTE, AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond())));
        items.add(TransactWriteItem.builder().put(p -> {
            p.tableName(table).item(claim).expressionAttributeNames(Map.of("#owner", OWNER));
            if (previous == null) {
                p.conditionExpression("attribute_not_exists(#owner)");
            } else {
                p.conditionExpression("#owner = :previous").expressionAttributeValues(Map.of(":previous", AttributeValue.fromS(previous)));
            }
        }).build());
        for (String other : others) {
            items.add(TransactWriteItem.builder().delete(d -> d.tableName(table).key(key(other, token))).build());
        }
        return items;
    }

    /** Users holding {@code token} without an owner row (data from before owner rows), from the {@code byToken} index. */
    private Set<String> legacyHolders(String token) {
        Set<String> holders = new LinkedHashSet<>();
        try {
            dynamo.queryPaginator(r -> r.tableName(table).indexName(HeraldTopology.INDEX_BY_TOKEN)
                            .keyConditionExpression("#t = :t").expressionAttributeNames(Map.of("#t", "token"))
                            .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(token))).projectionExpression("userId"))
                    .items().stream().map(item -> item.get("userId")).filter(u -> u != null && !u.s().startsWith(CLAIM_PREFIX))
                    .limit(MAX_LEGACY_HOLDERS).forEach(u -> holders.add(u.s()));
        } catch (DynamoDbException e) {
            if (e.statusCode() == 400 && e.getMessage() != null && e.getMessage().contains("index")) {
                // a table created before the index existed (an old local data directory): no earlier holders can be found
                LOG.warn("device token table {} has no {} index; recreate it from the Topology", table, HeraldTopology.INDEX_BY_TOKEN);
                return holders;
            }
            throw e;
        }
        return holders;
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
        releaseClaim(userId, token);
        return old != null && !old.isEmpty();
    }

    /** Removes the token's owner row if it names {@code userId}; a newer owner's row is left alone. */
    private void releaseClaim(String userId, String token) {
        try {
            dynamo.deleteItem(r -> r.tableName(table).key(claimKey(token)).conditionExpression("#owner = :me")
                    .expressionAttributeNames(Map.of("#owner", OWNER)).expressionAttributeValues(Map.of(":me", AttributeValue.fromS(userId))));
        } catch (ConditionalCheckFailedException e) {
            // another user owns the token now (or nobody does): nothing of theirs to release
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
            releaseClaim(userId, token);
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false; // registered again between the read and the delete
        }
    }

    /** The owner row of a token: its own partition, so owner rows spread like device rows do. */
    private static Map<String, AttributeValue> claimKey(String token) {
        return key(CLAIM_PREFIX + token, token);
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
