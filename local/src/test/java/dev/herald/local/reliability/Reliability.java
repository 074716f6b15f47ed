package dev.herald.local.reliability;

import static org.awaitility.Awaitility.await;

import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.event.Channel;
import dev.herald.common.json.Json;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.ledger.LedgerEntry;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.LocalRuntime;
import dev.herald.local.emulators.ApnsEmulator;
import dev.herald.local.pipeline.PipelineRuntime;
import dev.herald.local.testing.WebSocketTestClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What the reliability tests share: the one {@code herald up} runtime of the end-to-end tests (real
 * function jars, demo data), SDK clients on its edge port, and users of their own - each test makes
 * fresh users with a profile, a confirmed email subscription and device tokens, so tests never see
 * each other's deliveries.
 */
final class Reliability {
    static final Duration PATIENCE = Duration.ofSeconds(120);
    private static EventBridgeClient events;
    private static SqsClient sqs;

    private Reliability() {
    }

    static synchronized LocalRuntime runtime() {
        LocalRuntime runtime = PipelineRuntime.get();
        if (events == null) {
            var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
            events = EventBridgeClient.builder().endpointOverride(runtime.edgeEndpoint()).region(Region.of(runtime.region()))
                    .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
            sqs = SqsClient.builder().endpointOverride(runtime.edgeEndpoint()).region(Region.of(runtime.region()))
                    .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        }
        return runtime;
    }

    static DynamoDbClient dynamo() {
        return PipelineRuntime.dynamo();
    }

    static DynamoDbDeliveryLedger ledger() {
        return new DynamoDbDeliveryLedger(dynamo(), HeraldTopology.TABLE_DELIVERIES);
    }

    static EventBridgeClient events() {
        runtime();
        return events;
    }

    static SqsClient sqs() {
        runtime();
        return sqs;
    }

    /** A fresh user ({@code rel-<label>-<random>}) with a profile, a confirmed email subscription, an iOS and an Android token. */
    static String newUser(String label) {
        return newUser(label, true, true);
    }

    /** A fresh user with a profile, a confirmed email subscription and the device tokens asked for. */
    static String newUser(String label, boolean ios, boolean android) {
        String user = "rel-" + label + "-" + UUID.randomUUID().toString().substring(0, 8);
        String now = Instant.now().toString();
        DynamoDbClient d = dynamo();
        d.putItem(r -> r.tableName(HeraldTopology.TABLE_PROFILES).item(Map.of("userId", s(user), "displayName", s("Tester " + label),
                "email", s(email(user)), "locale", s("en"), "timeZone", s("Europe/Dublin"))));
        d.putItem(r -> r.tableName(HeraldTopology.TABLE_EMAIL_SUBSCRIPTIONS).item(Map.of("userId", s(user), "address", s(email(user)),
                "status", s("confirmed"), "unsubscribeToken", s(hex("u-" + user).substring(0, 32)), "confirmedAt", s(now), "createdAt", s(now))));
        String expires = Long.toString(Instant.now().plus(Duration.ofDays(30)).getEpochSecond());
        if (ios) {
            d.putItem(r -> r.tableName(HeraldTopology.TABLE_DEVICE_TOKENS).item(Map.of("userId", s(user), "token", s(iosToken(user)),
                    "platform", s("ios"), "app", s(ApnsEmulator.DEFAULT_TOPIC), "lastSeen", s(now), HeraldTopology.TTL_ATTRIBUTE, AttributeValue.fromN(expires))));
        }
        if (android) {
            d.putItem(r -> r.tableName(HeraldTopology.TABLE_DEVICE_TOKENS).item(Map.of("userId", s(user), "token", s(androidToken(user)),
                    "platform", s("android"), "lastSeen", s(now), HeraldTopology.TTL_ATTRIBUTE, AttributeValue.fromN(expires))));
        }
        return user;
    }

    static String email(String user) {
        return user + "@example.com";
    }

    static String iosToken(String user) {
        return hex("ios-" + user);
    }

    static String androidToken(String user) {
        return "fcm-" + hex("android-" + user).substring(0, 40);
    }

    /** The tokens still registered for {@code user}. */
    static List<String> tokensOf(String user) {
        return dynamo().query(r -> r.tableName(HeraldTopology.TABLE_DEVICE_TOKENS).keyConditionExpression("userId = :u")
                .expressionAttributeValues(Map.of(":u", s(user)))).items().stream().map(i -> i.get("token").s()).toList();
    }

    /** Publishes one {@code order.shipped} event through the SDK for {@code users} on {@code channels}. */
    static PutEventsResponse publishOrder(String notificationId, List<String> users, List<String> channels) {
        String detail = Json.write(Map.of("notificationId", notificationId, "recipients", users, "channels", channels,
                "category", "orders", "data", Map.of("orderId", "R-" + notificationId.hashCode(), "eta", "tomorrow")));
        return events().putEvents(r -> r.entries(e -> e.eventBusName(HeraldTopology.BUS).source("shop.orders")
                .detailType("order.shipped").detail(detail)));
    }

    static String id(String notificationId, Channel channel, String user) {
        return DeliveryIds.of(notificationId, channel, user);
    }

    /** Waits until the delivery's ledger row has {@code status}; returns the row. */
    static LedgerEntry awaitStatus(String deliveryId, DeliveryStatus status) {
        DynamoDbDeliveryLedger ledger = ledger();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
                .until(() -> ledger.find(deliveryId).map(LedgerEntry::status).equals(Optional.of(status)));
        return ledger.find(deliveryId).orElseThrow();
    }

    /** Waits until nothing is in flight or waiting on {@code queue} (visible, invisible or delayed). */
    static void awaitDrained(String queue) {
        String url = runtime().queueUrls().get(queue);
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
            Map<QueueAttributeName, String> a = sqs().getQueueAttributes(r -> r.queueUrl(url).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
            return a.values().stream().mapToLong(Long::parseLong).sum() == 0;
        });
    }

    /** Takes (deletes) the dead-letter message of {@code queue} whose body contains {@code text}, waiting for it to arrive. */
    static Optional<Message> takeDeadLetter(String queue, String text) {
        String url = runtime().queueUrls().get(queue + HeraldTopology.DLQ_SUFFIX);
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            for (Message m : sqs().receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1).visibilityTimeout(0)).messages()) {
                if (m.body().contains(text)) {
                    sqs().deleteMessage(r -> r.queueUrl(url).receiptHandle(m.receiptHandle()));
                    return Optional.of(m);
                }
            }
        }
        return Optional.empty();
    }

    /** A WebSocket for {@code user}, collecting its text frames. */
    static WebSocketTestClient connect(String user) {
        // $connect has written the connection row once the upgrade is answered
        return WebSocketTestClient.connect(URI.create(runtime().webSocketEndpoint() + "?token=" + runtime().tokenFor(user)));
    }

    /** The ids of the user's connections in the connections table. */
    static List<String> connectionsOf(String user) {
        return dynamo().query(r -> r.tableName(HeraldTopology.TABLE_CONNECTIONS).indexName(HeraldTopology.INDEX_BY_USER)
                .keyConditionExpression("userId = :u").expressionAttributeValues(Map.of(":u", s(user)))).items().stream()
                .map(i -> i.get("connectionId").s()).toList();
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static String hex(String seed) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
