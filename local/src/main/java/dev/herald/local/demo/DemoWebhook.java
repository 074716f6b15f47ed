package dev.herald.local.demo;

import dev.herald.common.json.Json;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.EventPublisher;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The demo's webhook: endpoint {@value #ENDPOINT_ID} for user-1 pointing at the dashboard's {@code /webhook-sink}
 * (loopback, which herald up allows), with a fixed demo secret, and one {@code order.delivered} event that the bundled
 * route sends over the webhook channel. Idempotent like {@link DemoSeed}.
 */
public final class DemoWebhook {
    public static final String ENDPOINT_ID = "demo-sink";
    /** A demo secret (the same every run, so a receiver a developer points at it keeps working); never use it elsewhere. */
    public static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(sha256("herald-demo-webhook-secret"));

    private DemoWebhook() {
    }

    /** Registers the demo endpoint unless it is there; returns whether it wrote it. */
    public static boolean seed(DynamoDbClient dynamo, URI sink) {
        try {
            dynamo.putItem(r -> r.tableName(HeraldTopology.TABLE_WEBHOOKS).item(Map.of(
                            "endpointId", AttributeValue.fromS(ENDPOINT_ID), "url", AttributeValue.fromS(sink.toString()),
                            "scope", AttributeValue.fromS("user:user-1"), "secret", AttributeValue.fromS(SECRET),
                            "enabled", AttributeValue.fromBool(true), "createdAt", AttributeValue.fromS(Instant.now().toString())))
                    .conditionExpression("attribute_not_exists(endpointId)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** The demo's one webhook: order A-17 delivered, for user-1 (a fixed notification id: publishing again is de-duplicated). */
    public static EventPublisher.Entry sampleEvent() {
        Map<String, Object> delivered = new LinkedHashMap<>();
        delivered.put("notificationId", "demo-order-A-17-delivered");
        delivered.put("recipients", List.of("user-1"));
        delivered.put("category", "orders");
        delivered.put("data", Map.of("orderId", "A-17", "deliveredAt", "2026-11-24T15:02:00Z"));
        return new EventPublisher.Entry(DemoSeed.SOURCE, "order.delivered", Json.write(delivered), List.of(), HeraldTopology.BUS);
    }

    private static byte[] sha256(String seed) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
