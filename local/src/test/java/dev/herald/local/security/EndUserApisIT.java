package dev.herald.local.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.enrichment.EnrichmentRequest;
import dev.herald.common.event.Channel;
import dev.herald.common.json.Json;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.ledger.LedgerEntry;
import dev.herald.common.store.DeviceTokenStore;
import dev.herald.common.store.DynamoDbDeviceTokenStore;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.EventPublisher;
import dev.herald.local.LocalRuntime;
import dev.herald.local.emulators.ApnsEmulator;
import dev.herald.local.emulators.ApnsNotification;
import dev.herald.local.emulators.FaultPlan;
import dev.herald.local.emulators.FcmMessage;
import dev.herald.local.pipeline.PipelineRuntime;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What one signed-in user can do to another through the end-user APIs of {@code herald up} (real function
 * jars, the HTTP API with real JWTs, the WebSocket gateway with a real client, the emulators): a device
 * token has one owner, an unknown delivery id and another user's answer alike, an ack never cancels a
 * retry, ids cannot collide through the ledger's separator, confirmation emails are one per user per
 * minute, and an email template cannot print event data unescaped.
 */
class EndUserApisIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static LocalRuntime runtime;
    private static EdgeCalls edge;
    private static AttackTokens tokens;
    private static DeviceTokenStore devices;
    private static DynamoDbDeliveryLedger ledger;

    @BeforeAll
    static void start() {
        runtime = PipelineRuntime.get();
        edge = new EdgeCalls(runtime);
        tokens = edge.attackTokens();
        devices = new DynamoDbDeviceTokenStore(PipelineRuntime.dynamo(), HeraldTopology.TABLE_DEVICE_TOKENS);
        ledger = new DynamoDbDeliveryLedger(PipelineRuntime.dynamo(), HeraldTopology.TABLE_DELIVERIES);
    }

    @AfterAll
    static void stop() {
        edge.close();
    }

    @Test
    void deviceToken_registeredBySecondUser_movesToThem_soAPushToTheFirstNoLongerReachesTheDevice() {
        String alice = "eu-alice-" + UUID.randomUUID();
        String bob = "eu-bob-" + UUID.randomUUID();
        String token = "fcm-shared-" + UUID.randomUUID();
        String body = "{\"platform\":\"android\",\"token\":\"" + token + "\"}";
        assertThat(edge.api("PUT", "/v1/devices", tokens.valid(alice), body).statusCode()).isEqualTo(201);
        String first = pushTo(alice);
        assertThat(awaitFinal(first)).isEqualTo(DeliveryStatus.SENT);
        assertThat(accepted(token)).as("pushes on the device while alice holds it").isEqualTo(1);

        HttpResponse<String> moved = edge.api("PUT", "/v1/devices", tokens.valid(bob), body);
        String afterMove = pushTo(alice);
        DeliveryStatus afterMoveStatus = awaitFinal(afterMove);
        String toBob = pushTo(bob);
        DeliveryStatus toBobStatus = awaitFinal(toBob);

        assertThat(moved.statusCode()).isEqualTo(201);
        assertThat(afterMoveStatus).as("alice's push after bob registered the device").isEqualTo(DeliveryStatus.SKIPPED);
        assertThat(toBobStatus).isEqualTo(DeliveryStatus.SENT);
        assertThat(accepted(token)).as("pushes on the device: alice's first and bob's, not alice's second").isEqualTo(2);
        assertThat(devices.forUser(alice)).isEmpty();

        HttpResponse<String> aliceDeletes = edge.api("DELETE", "/v1/devices/" + token, tokens.valid(alice), null);
        HttpResponse<String> aliceDeletesNobodys = edge.api("DELETE", "/v1/devices/fcm-nobody-" + UUID.randomUUID(), tokens.valid(alice), null);
        assertThat(aliceDeletes.statusCode()).as("the earlier owner deletes the device").isEqualTo(404).isEqualTo(aliceDeletesNobodys.statusCode());
        assertThat(aliceDeletes.body()).as("the same answer as for a token nobody holds").isEqualTo(aliceDeletesNobodys.body());
        assertThat(devices.forUser(bob)).extracting(DeviceTokenStore.DeviceToken::token).containsExactly(token);
        assertThat(edge.api("DELETE", "/v1/devices/" + token, tokens.valid(bob), null).statusCode()).as("the owner deletes").isEqualTo(204);
        assertThat(devices.forUser(bob)).isEmpty();
    }

    @Test
    void inbox_anotherUsersDeliveryId_answersExactlyAsAMissingOne() {
        String owner = "eu-owner-" + UUID.randomUUID();
        String token = "fcm-owner-" + UUID.randomUUID();
        assertThat(edge.api("PUT", "/v1/devices", tokens.valid(owner), "{\"platform\":\"android\",\"token\":\"" + token + "\"}").statusCode())
                .isEqualTo(201);
        String theirs = pushTo(owner);
        assertThat(awaitFinal(theirs)).isEqualTo(DeliveryStatus.SENT);
        String missing = DeliveryIds.of("eu-missing-" + UUID.randomUUID(), Channel.PUSH, owner);
        String mallory = tokens.valid("eu-mallory-" + UUID.randomUUID());

        HttpResponse<String> other = edge.api("GET", "/v1/deliveries/" + URLEncoder.encode(theirs, StandardCharsets.UTF_8), mallory, null);
        HttpResponse<String> none = edge.api("GET", "/v1/deliveries/" + URLEncoder.encode(missing, StandardCharsets.UTF_8), mallory, null);

        assertThat(other.statusCode()).isEqualTo(404).isEqualTo(none.statusCode());
        assertThat(other.body()).isEqualTo(none.body().replace(missing, theirs));
        assertThat(other.body()).doesNotContain("order.shipped");
        assertThat(edge.api("GET", "/v1/deliveries/" + URLEncoder.encode(theirs, StandardCharsets.UTF_8), tokens.valid(owner), null)
                .statusCode()).as("the owner reads it").isEqualTo(200);
    }

    @Test
    void webSocketAckAndRead_ofTheUsersOwnFailedPush_leaveItFailed_andItsRetryDeliversIt() throws Exception {
        String user = "eu-ack-" + UUID.randomUUID();
        String token = HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII)).substring(0, 64);
        assertThat(edge.api("PUT", "/v1/devices", tokens.valid(user),
                "{\"platform\":\"ios\",\"token\":\"" + token + "\",\"app\":\"" + ApnsEmulator.DEFAULT_TOPIC + "\"}").statusCode()).isEqualTo(201);
        runtime.apns().faults().inject(token, 500, FaultPlan.ALWAYS);
        String delivery;
        EdgeCalls.Socket socket = edge.connect(tokens.valid(user));
        try {
            delivery = pushTo(user);
            await().atMost(PATIENCE).until(() -> status(delivery).filter(s -> s == DeliveryStatus.FAILED).isPresent());

            socket.webSocket().sendText(Json.write(Map.of("action", "ack", "deliveryId", delivery)), true).join();
            JsonNode ackAnswer = socket.awaitFrame("\"error\"", PATIENCE);
            socket.webSocket().sendText(Json.write(Map.of("action", "read", "deliveryId", delivery)), true).join();
            JsonNode readAnswer = socket.awaitFrame("\"error\"", PATIENCE);

            assertThat(ackAnswer.path("message").asText()).contains("is failed").contains("can be acknowledged");
            assertThat(readAnswer.path("message").asText()).contains("is failed").contains("marked read");
            assertThat(status(delivery)).as("the row after the ack and the read").contains(DeliveryStatus.FAILED);
        } finally {
            runtime.apns().faults().clear(token);
            socket.close();
        }

        await().atMost(PATIENCE).until(() -> status(delivery).filter(s -> s == DeliveryStatus.SENT).isPresent());
        assertThat(runtime.apns().receivedFor(token)).filteredOn(ApnsNotification::accepted).as("the retry, not cancelled by the ack").hasSize(1);
    }

    @Test
    void idsContainingTheLedgerSeparator_areRejectedAtIngestion_withTheReason_andNameNoOtherRow() {
        String victim = "eu-victim-" + UUID.randomUUID();
        // notificationKey("email#" + victim) would be DeliveryIds.of("notification", EMAIL, victim): the victim's email row
        String colliding = DeliveryIds.of("notification", Channel.EMAIL, victim);
        List<EventPublisher.Result> put = runtime.bus().putEvents(List.of(
                entry(Map.of("notificationId", "email#" + victim, "recipients", List.of(victim), "channels", List.of("email"))),
                entry(Map.of("notificationId", "eu-" + UUID.randomUUID(), "recipients", List.of("user#" + victim, "topic:deals#x"),
                        "channels", List.of("email")))));
        assertThat(put).noneMatch(EventPublisher.Result::failed);

        List<LedgerEntry> rejected = new ArrayList<>();
        for (EventPublisher.Result r : put) {
            String key = DeliveryLedger.eventKey(r.eventId());
            await().atMost(PATIENCE).until(() -> ledger.find(key).isPresent());
            rejected.add(ledger.find(key).orElseThrow());
        }
        HttpResponse<String> http = edge.api("POST", "/v1/events", tokens.producer("eu-producer"), Json.write(Map.of("source", "shop.orders",
                "detailType", "order.shipped", "detail", Map.of("notificationId", "email#" + victim, "recipients", List.of("a#b", "topic:c#d"),
                        "data", Map.of("orderId", "X", "eta", "soon")))));

        assertThat(rejected).extracting(LedgerEntry::status).containsOnly(DeliveryStatus.REJECTED);
        assertThat(rejected.get(0).reason()).contains("detail.notificationId").contains("contains '#'");
        assertThat(rejected.get(1).reason()).contains("detail.recipients[0]").contains("detail.recipients[1]").contains("use an id without '#'");
        assertThat(ledger.find(colliding)).as("the row the colliding key names").isEmpty();
        assertThat(ledger.find("notification#email#" + victim)).isEmpty();
        assertThat(http.statusCode()).isEqualTo(400);
        assertThat(Json.tree(http.body()).path("problems")).extracting(p -> p.path("field").asText())
                .containsExactlyInAnyOrder("detail.notificationId", "detail.recipients[0]", "detail.recipients[1]");
        assertThat(http.body()).contains("contains '#'");
    }

    @Test
    void confirmationEmails_alternatingAddresses_areOnePerUserPerMinute() {
        String user = "eu-mailer-" + UUID.randomUUID();
        String a = "a-" + user + "@example.org";
        String b = "b-" + user + "@example.org";
        List<Integer> statuses = new ArrayList<>();

        for (String address : List.of(a, b, a, b, a, b)) {
            statuses.add(edge.api("POST", "/v1/subscriptions/email", tokens.valid(user), "{\"address\":\"" + address + "\"}").statusCode());
        }

        assertThat(statuses).containsExactly(202, 429, 429, 429, 429, 429);
        assertThat(runtime.ses().sentTo(a)).hasSize(1);
        assertThat(runtime.ses().sentTo(b)).isEmpty();
    }

    @Test
    void emailHtmlTemplateWithATripleMustache_isRefusedNamingTheTag_andEventDataIsNeverRenderedUnescaped() {
        String templateId = "eu-raw-" + UUID.randomUUID().toString().substring(0, 8);
        PipelineRuntime.dynamo().putItem(r -> r.tableName(HeraldTopology.TABLE_TEMPLATES).item(Map.of(
                "templateId", AttributeValue.fromS(templateId), "locale", AttributeValue.fromS("default"),
                "title", AttributeValue.fromS("t"), "body", AttributeValue.fromS("b"), "subject", AttributeValue.fromS("s"),
                "html", AttributeValue.fromS("<p>Order {{{orderId}}}</p>"), "text", AttributeValue.fromS("t"))));
        String script = "<script>window.x=1</script>";
        EnrichmentRequest request = new EnrichmentRequest("eu-" + UUID.randomUUID(), "order.shipped", templateId, List.of("user-1"),
                List.of(Channel.EMAIL), Json.object().put("orderId", script), null, "trace-eu");

        JsonNode answer = edge.invoke(HeraldTopology.FN_ENRICHMENT, Json.write(request));

        JsonNode recipient = answer.path("recipients").get(0);
        assertThat(recipient.path("error").asText()).contains("template '" + templateId + "' (locale 'default', html) writes '{{{orderId}}}'")
                .contains("without escaping").contains("write {{name}} instead");
        assertThat(recipient.path("content")).isEmpty();
        assertThat(answer.toString()).doesNotContain("<script");
    }

    private static EventPublisher.Entry entry(Map<String, Object> detail) {
        Map<String, Object> d = new java.util.HashMap<>(detail);
        d.put("data", Map.of("orderId", "EU-1", "eta", "soon"));
        return new EventPublisher.Entry("shop.orders", "order.shipped", Json.write(d), List.of(), HeraldTopology.BUS);
    }

    /** Publishes an order.shipped push to {@code user} on the bus; returns the push's delivery id. */
    private static String pushTo(String user) {
        String notificationId = "eu-" + UUID.randomUUID();
        List<EventPublisher.Result> put = runtime.bus().putEvents(List.of(new EventPublisher.Entry("shop.orders", "order.shipped",
                Json.write(Map.of("notificationId", notificationId, "recipients", List.of(user), "channels", List.of("push"),
                        "data", Map.of("orderId", "EU-1", "eta", "soon"))), List.of(), HeraldTopology.BUS)));
        assertThat(put).noneMatch(EventPublisher.Result::failed);
        return DeliveryIds.of(notificationId, Channel.PUSH, user);
    }

    private static Optional<DeliveryStatus> status(String deliveryId) {
        return ledger.find(deliveryId).map(LedgerEntry::status);
    }

    private static DeliveryStatus awaitFinal(String deliveryId) {
        await().atMost(PATIENCE).until(() -> status(deliveryId).filter(DeliveryStatus.FINAL::contains).isPresent());
        return status(deliveryId).orElseThrow();
    }

    private static long accepted(String fcmToken) {
        return runtime.fcm().receivedFor(fcmToken).stream().filter(FcmMessage::accepted).count();
    }
}
