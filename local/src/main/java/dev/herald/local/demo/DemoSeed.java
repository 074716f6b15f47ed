package dev.herald.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.json.Json;
import dev.herald.common.store.DynamoDbRouteStore;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.EventPublisher;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The {@code --demo} data set: users {@code user-1..user-3} with profiles, the templates the
 * bundled routes use, a topic {@code deals} with subscribers, confirmed email subscriptions, device
 * tokens for the APNs emulator, a topic {@code uploads} for the S3 route, and sample events ({@link #sampleEvents()}).
 * <p>Idempotent: every item is written only if absent ({@code attribute_not_exists}), so a second run
 * changes nothing and never undoes what a person changed since (an unsubscribe, a new token); the
 * sample events carry fixed {@code notificationId}s, so publishing them again is de-duplicated by the router.
 * The demo routes ({@link #ROUTES}, the routes the demo's events and templates are for) go into the Routes table the
 * same way, one item per route, each only if absent; without {@code --demo} the table starts empty.
 */
public final class DemoSeed {
    private static final Logger LOG = LoggerFactory.getLogger(DemoSeed.class);
    public static final List<String> USERS = List.of("user-1", "user-2", "user-3");
    public static final String TOPIC = "deals";
    /** The topic the bundled S3 "Object Created" route notifies (user-1 and user-2). */
    public static final String UPLOADS_TOPIC = "uploads";
    public static final String SOURCE = "herald.demo";
    /** The demo routes, on the classpath (common's jar): {@code {"routes": [...]}}. */
    public static final String ROUTES = "/dev/herald/common/demo/routes.json";
    /** user-1's phone number (E.164): libphonenumber's example UK mobile; herald up's SMS emulator keeps the text. */
    public static final String PHONE = "+447400123456";

    private final DynamoDbClient dynamo;
    private final String apnsTopic;

    /** What a run wrote. */
    public record Result(int written, int alreadyPresent) {
    }

    /**
     * @param dynamo    a client for the local DynamoDB (tables already created from the Topology)
     * @param apnsTopic the bundle id the APNs emulator and push handler use (device tokens are for this app)
     */
    public DemoSeed(DynamoDbClient dynamo, String apnsTopic) {
        this.dynamo = dynamo;
        this.apnsTopic = apnsTopic;
    }

    /** Writes the demo data that is not there yet. Throws the SDK's exception if a table is missing. */
    public Result seed() {
        int[] counts = new int[2];
        String now = Instant.now().toString();
        for (int i = 0; i < USERS.size(); i++) {
            String user = USERS.get(i);
            String name = List.of("Ada Lovelace", "Grace Hopper", "Alan Turing").get(i);
            String locale = List.of("en", "en-GB", "fr").get(i);
            put(counts, HeraldTopology.TABLE_PROFILES, Map.of(
                    "userId", s(user), "displayName", s(name), "email", s(email(user)), "locale", s(locale),
                    "timeZone", s(List.of("Europe/Dublin", "Europe/London", "Europe/Paris").get(i))));
            put(counts, HeraldTopology.TABLE_EMAIL_SUBSCRIPTIONS, Map.of(
                    "userId", s(user), "address", s(email(user)), "status", s("confirmed"),
                    "unsubscribeToken", s(hex("unsubscribe-" + user).substring(0, 32)), "confirmedAt", s(now), "createdAt", s(now)));
            put(counts, HeraldTopology.TABLE_DEVICE_TOKENS, Map.of(
                    "userId", s(user), "token", s(deviceToken(user)), "platform", s("ios"), "app", s(apnsTopic),
                    "lastSeen", s(now), HeraldTopology.TTL_ATTRIBUTE, n(Instant.now().plus(Duration.ofDays(270)).getEpochSecond())));
            put(counts, HeraldTopology.TABLE_TOPICS, Map.of("topic", s(TOPIC), "userId", s(user), "subscribedAt", s(now)));
            if (i < 2) {
                put(counts, HeraldTopology.TABLE_TOPICS, Map.of("topic", s(UPLOADS_TOPIC), "userId", s(user), "subscribedAt", s(now)));
            }
        }
        // user-1 receives texts (the account.alert route)
        put(counts, HeraldTopology.TABLE_PHONE_NUMBERS, Map.of("userId", s(USERS.get(0)), "phoneNumber", s(PHONE),
                "regionCode", s("GB"), "registeredAt", s(now)));
        for (Map<String, AttributeValue> template : DemoTemplates.items()) {
            put(counts, HeraldTopology.TABLE_TEMPLATES, template);
        }
        var routes = new DynamoDbRouteStore(dynamo, HeraldTopology.TABLE_ROUTES, Clock.systemUTC());
        for (var route : routes()) {
            String name = route.get("name").asText();
            if (routes.get(name).isPresent()) {
                counts[1]++;
            } else {
                routes.put(name, Json.write(route));
                counts[0]++;
            }
        }
        LOG.info("demo seed done written={} alreadyPresent={}", counts[0], counts[1]);
        return new Result(counts[0], counts[1]);
    }

    /** The demo routes' documents, one per route. */
    static List<JsonNode> routes() {
        try (InputStream in = DemoSeed.class.getResourceAsStream(ROUTES)) {
            if (in == null) {
                throw new IllegalStateException("the demo routes " + ROUTES + " are missing from the classpath; rebuild herald-common");
            }
            List<JsonNode> out = new ArrayList<>();
            Json.tree(new String(in.readAllBytes(), StandardCharsets.UTF_8)).get("routes").forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the demo routes " + ROUTES, e);
        }
    }

    /** Sample events with fixed notification ids: an account alert (SMS) and an order for user-1, a deal for the {@code deals} topic. */
    public List<EventPublisher.Entry> sampleEvents() {
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("notificationId", "demo-order-A-17");
        order.put("recipients", List.of("user-1"));
        order.put("category", "orders");
        order.put("priority", "high");
        order.put("data", Map.of("orderId", "A-17", "eta", "2026-11-24"));
        Map<String, Object> deal = new LinkedHashMap<>();
        deal.put("notificationId", "demo-deal-winter");
        deal.put("recipients", List.of("topic:" + TOPIC));
        deal.put("category", "deals");
        deal.put("data", Map.of("dealName", "Winter sale", "discount", "20%"));
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("notificationId", "demo-sms-alert");
        alert.put("recipients", List.of("user-1"));
        alert.put("category", "security");
        alert.put("data", Map.of("message", "Herald demo: a new sign-in to your account from Dublin."));
        return List.of(
                new EventPublisher.Entry(SOURCE, "account.alert", Json.write(alert), List.of(), HeraldTopology.BUS),
                new EventPublisher.Entry(SOURCE, "order.shipped", Json.write(order), List.of(), HeraldTopology.BUS),
                new EventPublisher.Entry(SOURCE, "deal.started", Json.write(deal), List.of(), HeraldTopology.BUS));
    }

    /** Publishes {@link #sampleEvents()}; returns how many the bus accepted. */
    public int publishSamples(EventPublisher publisher) {
        return (int) publisher.putEvents(sampleEvents()).stream().filter(r -> !r.failed()).count();
    }

    /** The demo user's email address. */
    public static String email(String userId) {
        return userId + "@example.com";
    }

    /** The demo user's iOS device token: 64 hex characters, stable across runs. */
    public static String deviceToken(String userId) {
        return hex("herald-demo-device-" + userId);
    }

    private void put(int[] counts, String table, Map<String, AttributeValue> item) {
        try {
            dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(#k)")
                    .expressionAttributeNames(Map.of("#k", keyAttribute(table))));
            counts[0]++;
        } catch (ConditionalCheckFailedException e) {
            counts[1]++;
        }
    }

    private static String keyAttribute(String table) {
        return switch (table) {
            case HeraldTopology.TABLE_TOPICS -> "topic";
            case HeraldTopology.TABLE_TEMPLATES -> "templateId";
            default -> "userId";
        };
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static String hex(String seed) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
