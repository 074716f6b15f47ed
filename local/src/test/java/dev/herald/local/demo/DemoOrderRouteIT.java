package dev.herald.local.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.event.Channel;
import dev.herald.common.json.Json;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.ledger.LedgerEntry;
import dev.herald.common.orchestration.StepGate;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.LocalRuntime;
import dev.herald.local.RuntimeOptions;
import dev.herald.local.testing.WebSocketTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * {@code herald up --demo} (its own runtime with the real function jars, seeded by {@link DemoSeed} and its sample events
 * published, as the command does): the demo's {@code order-shipped} route is WebSocket-first. A user without a live
 * connection gets the push at once and the email waits ({@code pending}); a connected user who acks the frame gets no push.
 * Only ledger states and counts are asserted: the push's 30 s and the email's 15 min are not waited for.
 */
class DemoOrderRouteIT {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path data;

    @Test
    void demoOrderRoute_pushesAtOnceOnlyToTheUserWithoutAConnection_andHoldsTheEmails() throws Exception {
        Path repoRoot = Path.of("").toAbsolutePath().getParent();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        try (LocalRuntime runtime = LocalRuntime.start(RuntimeOptions.ephemeral(data, repoRoot).withDemo(true));
             DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(runtime.edgeEndpoint()).region(Region.of(runtime.region()))
                     .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
             EventBridgeClient events = EventBridgeClient.builder().endpointOverride(runtime.edgeEndpoint()).region(Region.of(runtime.region()))
                     .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build()) {
            assertThat(runtime.unbuiltFunctions()).as("function jars (run ./mvnw verify from the root)").isEmpty();
            DeliveryLedger ledger = new DynamoDbDeliveryLedger(dynamo, HeraldTopology.TABLE_DELIVERIES);

            // the demo's own sample order (demo-order-A-17 for user-1, published at start, nobody connected):
            // no frame to send, so the push goes at once; the push reached the phone, so the email waits for its 15 minutes
            String sample = "demo-order-A-17";
            await().atMost(PATIENCE).until(() -> status(ledger, sample, Channel.PUSH, "user-1").equals(Optional.of(DeliveryStatus.SENT)));
            assertThat(status(ledger, sample, Channel.WEBSOCKET, "user-1")).contains(DeliveryStatus.SKIPPED);
            assertThat(status(ledger, sample, Channel.EMAIL, "user-1")).contains(DeliveryStatus.PENDING);
            // ... and the dashboard's "Scheduled and pending" lists that email
            assertThat(dashboard(runtime, "/dashboard/api/waiting").path("rows")).anySatisfy(row -> {
                assertThat(row.path("deliveryId").asText()).isEqualTo(DeliveryIds.of(sample, Channel.EMAIL, "user-1"));
                assertThat(row.path("status").asText()).isEqualTo("pending");
            });

            // one order for user-1 (connected, acks the frame) and user-2 (not connected)
            WebSocketTestClient socket = WebSocketTestClient.connect(URI.create(runtime.webSocketEndpoint() + "?token=" + runtime.tokenFor("user-1")));
            String notificationId = "demo-steps-" + UUID.randomUUID();
            String orderId = "WS1-" + notificationId.substring(11, 19);
            assertThat(events.putEvents(r -> r.entries(e -> e.eventBusName(HeraldTopology.BUS).source("shop.orders").detailType("order.shipped")
                    .detail(Json.write(Map.of("notificationId", notificationId, "recipients", List.of("user-1", "user-2"), "category", "orders",
                            "data", Map.of("orderId", orderId, "eta", "tomorrow")))))).failedEntryCount()).isZero();
            JsonNode frame = socket.awaitFrame(notificationId, PATIENCE);
            socket.send(Json.write(Map.of("action", "ack", "deliveryId", frame.path("deliveryId").asText())));
            await().atMost(PATIENCE).until(() -> status(ledger, notificationId, Channel.WEBSOCKET, "user-1").equals(Optional.of(DeliveryStatus.DELIVERED)));

            // user-2 had no connection: the push at once, the email waiting
            await().atMost(PATIENCE).until(() -> status(ledger, notificationId, Channel.PUSH, "user-2").equals(Optional.of(DeliveryStatus.SENT)));
            assertThat(status(ledger, notificationId, Channel.WEBSOCKET, "user-2")).contains(DeliveryStatus.SKIPPED);
            assertThat(status(ledger, notificationId, Channel.EMAIL, "user-2")).contains(DeliveryStatus.PENDING);
            // user-1 acked: the push and the email wait (pending), or were already cancelled as read; neither was sent
            for (Channel later : List.of(Channel.PUSH, Channel.EMAIL)) {
                LedgerEntry row = ledger.find(DeliveryIds.of(notificationId, later, "user-1")).orElseThrow();
                assertThat(row.status()).as(later + " of the user who acked").isIn(DeliveryStatus.PENDING, DeliveryStatus.CANCELLED);
                if (row.status() == DeliveryStatus.CANCELLED) {
                    assertThat(row.reason()).isEqualTo(StepGate.READ);
                }
            }
            JsonNode apns = dashboard(runtime, "/dashboard/api/pushes").path("apns");
            assertThat(pushesOf(apns, DemoSeed.deviceToken("user-2"), orderId)).isEqualTo(1);
            assertThat(pushesOf(apns, DemoSeed.deviceToken("user-1"), orderId)).isZero();
            assertThat(dashboard(runtime, "/dashboard/api/emails").toString()).doesNotContain(orderId);
            socket.close();
        }
    }

    private static Optional<DeliveryStatus> status(DeliveryLedger ledger, String notificationId, Channel channel, String userId) {
        return ledger.find(DeliveryIds.of(notificationId, channel, userId)).map(LedgerEntry::status);
    }

    private static long pushesOf(JsonNode received, String token, String text) {
        long n = 0;
        for (JsonNode push : received) {
            if (token.equals(push.path("token").asText()) && push.toString().contains(text)) {
                n++;
            }
        }
        return n;
    }

    private static JsonNode dashboard(LocalRuntime runtime, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(runtime.edgeEndpoint() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return Json.tree(r.body());
    }
}
