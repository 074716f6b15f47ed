package dev.herald.local.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.event.Channel;
import dev.herald.common.json.Json;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.ledger.LedgerEntry;
import dev.herald.common.testing.Fixtures;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.EventPublisher;
import dev.herald.local.LocalRuntime;
import dev.herald.local.demo.DemoSeed;
import dev.herald.local.testing.WebSocketTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/**
 * The whole pipeline as {@code herald up} runs it, with the real function jars: the SDK's
 * {@code EventBridgeClient} publishes through the edge port; the router, enrichment and the three
 * channel handlers run in the Lambda host; a JDK WebSocket client with a valid JWT receives the
 * rendered frame; the APNs emulator (Pushy's MockApnsServer) records the push; the SES endpoint
 * records the email; the ledger holds a row per delivery.
 */
class PipelineEndToEndIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static LocalRuntime runtime;
    private static EventBridgeClient events;
    private static DynamoDbDeliveryLedger ledger;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        runtime = PipelineRuntime.get();
        events = EventBridgeClient.builder().endpointOverride(runtime.edgeEndpoint()).region(Region.of(runtime.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        ledger = new DynamoDbDeliveryLedger(PipelineRuntime.dynamo(), HeraldTopology.TABLE_DELIVERIES);
    }

    @AfterAll
    static void stop() {
        events.close();
    }

    @Test
    void orderShipped_reachesBrowserPhoneAndInbox_withALedgerRowPerChannel() throws Exception {
        WebSocketTestClient socket = connect("user-1");
        String notificationId = "e2e-" + UUID.randomUUID();
        String orderId = "E2E-" + notificationId.substring(4, 12);

        PutEventsResponse put = events.putEvents(r -> r.entries(e -> e.eventBusName(HeraldTopology.BUS).source("shop.orders")
                .detailType("order.shipped").detail(Json.write(Map.of("notificationId", notificationId, "recipients", List.of("user-1"),
                        "category", "orders", "priority", "high", "data", Map.of("orderId", orderId, "eta", "2026-11-24"))))));
        assertThat(put.failedEntryCount()).isZero();

        JsonNode frame = socket.awaitFrame(notificationId, PATIENCE);
        assertThat(frame.path("type").asText()).isEqualTo("notification");
        assertThat(frame.path("title").asText()).isEqualTo("Your order " + orderId + " has shipped");
        assertThat(frame.path("deliveryId").asText()).isEqualTo(DeliveryIds.of(notificationId, Channel.WEBSOCKET, "user-1"));

        await().atMost(PATIENCE).until(() -> dashboard("/dashboard/api/pushes").path("apns").toString().contains(orderId));
        await().atMost(PATIENCE).until(() -> dashboard("/dashboard/api/emails").toString().contains(orderId));
        JsonNode email = find(dashboard("/dashboard/api/emails"), orderId);
        assertThat(email.toString()).contains("Ada Lovelace").contains(DemoSeed.email("user-1"));

        // the order-shipped route's channels (sms has a route of its own)
        for (Channel channel : List.of(Channel.WEBSOCKET, Channel.PUSH, Channel.EMAIL)) {
            String id = DeliveryIds.of(notificationId, channel, "user-1");
            await().atMost(PATIENCE).until(() -> ledger.find(id).map(LedgerEntry::status)
                    .filter(s -> s == DeliveryStatus.SENT || s == DeliveryStatus.DELIVERED).isPresent());
        }
        // the dashboard acks what it shows; this client acks by hand, as a browser would
        socket.send(Json.write(Map.of("action", "ack", "deliveryId", frame.path("deliveryId").asText())));
        await().atMost(PATIENCE).until(() -> ledger.find(frame.path("deliveryId").asText()).map(LedgerEntry::status)
                .equals(Optional.of(DeliveryStatus.DELIVERED)));
        socket.close();
    }

    @Test
    void sameEventThreeTimes_deliversOneFramePerTarget() throws Exception {
        WebSocketTestClient socket = connect("user-2");
        String notificationId = "e2e-dup-" + UUID.randomUUID();
        String detail = Json.write(Map.of("notificationId", notificationId, "recipients", List.of("user-2"), "channels", List.of("websocket"),
                "data", Map.of("orderId", "D-1", "eta", "soon")));
        for (int i = 0; i < 3; i++) {
            events.putEvents(r -> r.entries(e -> e.eventBusName(HeraldTopology.BUS).source("shop.orders").detailType("order.shipped").detail(detail)));
        }
        JsonNode frame = socket.awaitFrame(notificationId, PATIENCE);
        await().atMost(PATIENCE).until(() -> ledger.find(frame.path("deliveryId").asText()).map(LedgerEntry::status)
                .equals(Optional.of(DeliveryStatus.SENT)));
        // the copies are routed side by side (or after); none may produce a second frame
        Thread.sleep(3000);
        assertThat(socket.queuedFramesContaining(notificationId)).isZero();
        socket.close();
    }

    @Test
    void s3ObjectCreated_onTheBus_reachesTheUploadsTopicsSubscribers() throws Exception {
        WebSocketTestClient socket = connect("user-2");
        JsonNode s3 = Json.tree(Fixtures.read("s3-object-created-eventbridge.json"));
        // S3 publishes to the default bus and a rule forwards it to Herald's; in-process that is the bus itself
        List<EventPublisher.Result> results = runtime.bus().putEvents(List.of(new EventPublisher.Entry(s3.path("source").asText(),
                s3.path("detail-type").asText(), s3.path("detail").toString(), List.of(s3.path("resources").get(0).asText()), HeraldTopology.BUS)));
        assertThat(results).noneMatch(EventPublisher.Result::failed);

        JsonNode frame = socket.awaitFrame(results.getFirst().eventId(), PATIENCE);
        assertThat(frame.path("title").asText()).isEqualTo("New file in herald-imports-123456789012-eu-west-1");
        String eventId = results.getFirst().eventId();
        for (String user : List.of("user-1", "user-2")) {
            await().atMost(PATIENCE).until(() -> ledger.find(DeliveryIds.of(eventId, Channel.EMAIL, user)).map(LedgerEntry::status)
                    .equals(Optional.of(DeliveryStatus.SENT)));
        }
        assertThat(ledger.find(DeliveryIds.of(eventId, Channel.WEBSOCKET, "user-3"))).isEmpty();
        socket.close();
    }

    private static WebSocketTestClient connect(String userId) {
        return WebSocketTestClient.connect(URI.create(runtime.webSocketEndpoint() + "?token=" + runtime.tokenFor(userId)));
    }

    private static JsonNode dashboard(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(runtime.edgeEndpoint() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.tree(r.body());
    }

    private static JsonNode find(JsonNode array, String text) {
        for (JsonNode n : array) {
            if (n.toString().contains(text)) {
                return n;
            }
        }
        throw new AssertionError("nothing containing " + text + " in " + array);
    }
}
