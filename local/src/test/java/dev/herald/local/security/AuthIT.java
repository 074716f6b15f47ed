package dev.herald.local.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.event.Channel;
import dev.herald.common.json.Json;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.ledger.LedgerEntry;
import dev.herald.common.store.DeviceTokenStore;
import dev.herald.common.store.DynamoDbConnectionStore;
import dev.herald.common.store.DynamoDbDeviceTokenStore;
import dev.herald.common.store.DynamoDbEmailSubscriptionStore;
import dev.herald.common.store.EmailSubscriptionStore;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.EventPublisher;
import dev.herald.local.LocalRuntime;
import dev.herald.local.pipeline.PipelineRuntime;
import dev.herald.local.security.AttackTokens.Attack;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile clients against {@code herald up} with the real function jars. Every broken token (forged,
 * expired, wrong issuer, wrong audience, {@code alg: none}) is tried on the WebSocket {@code $connect},
 * device registration, email subscription, inbox and delivery APIs twice: through the HTTP API (the
 * gateway's JWT authorizer) and straight at the function through the Lambda Invoke API, so the
 * function's own check is proven too (defence in depth). Then one valid user tries to read or change
 * another user's device tokens, subscription and ledger rows.
 */
class AuthIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String VICTIM = "auth-victim-" + UUID.randomUUID();
    private static LocalRuntime runtime;
    private static EdgeCalls edge;
    private static AttackTokens tokens;
    private static DeviceTokenStore devices;
    private static EmailSubscriptionStore subscriptions;
    private static DynamoDbConnectionStore connections;
    private static DynamoDbDeliveryLedger ledger;
    private static String victimDevice;
    /** A ledger row of demo user-1 (an email delivered by the pipeline). */
    private static String user1Delivery;

    @BeforeAll
    static void start() {
        runtime = PipelineRuntime.get();
        edge = new EdgeCalls(runtime);
        tokens = edge.attackTokens();
        devices = new DynamoDbDeviceTokenStore(PipelineRuntime.dynamo(), HeraldTopology.TABLE_DEVICE_TOKENS);
        subscriptions = new DynamoDbEmailSubscriptionStore(PipelineRuntime.dynamo(), HeraldTopology.TABLE_EMAIL_SUBSCRIPTIONS);
        connections = new DynamoDbConnectionStore(PipelineRuntime.dynamo(), HeraldTopology.TABLE_CONNECTIONS);
        ledger = new DynamoDbDeliveryLedger(PipelineRuntime.dynamo(), HeraldTopology.TABLE_DELIVERIES);

        victimDevice = "fcm-victim-" + UUID.randomUUID();
        assertThat(edge.api("PUT", "/v1/devices", tokens.valid(VICTIM), "{\"platform\":\"android\",\"token\":\"" + victimDevice + "\"}")
                .statusCode()).isBetween(200, 201);

        String notificationId = "auth-" + UUID.randomUUID();
        List<EventPublisher.Result> put = runtime.bus().putEvents(List.of(new EventPublisher.Entry("shop.orders", "order.shipped",
                Json.write(Map.of("notificationId", notificationId, "recipients", List.of("user-1"), "channels", List.of("email"),
                        "data", Map.of("orderId", "AUTH-1", "eta", "soon"))), List.of(), HeraldTopology.BUS)));
        assertThat(put).noneMatch(EventPublisher.Result::failed);
        user1Delivery = DeliveryIds.of(notificationId, Channel.EMAIL, "user-1");
        await().atMost(PATIENCE).until(() -> ledger.find(user1Delivery).map(LedgerEntry::status).filter(s -> s == DeliveryStatus.SENT).isPresent());
    }

    @AfterAll
    static void stop() {
        edge.close();
    }

    static Stream<String> attacks() {
        return Stream.of("forged signature", "expired", "wrong issuer", "wrong audience", "alg none", "alg none with the valid signature kept");
    }

    private static Attack attack(String name, String subject) {
        return tokens.all(subject).stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void brokenToken_isRefusedOnConnectAndEveryApi_atTheGatewayAndInTheFunction_andChangesNothing(String name) {
        String jwt = attack(name, VICTIM).token();
        String planted = "fcm-attacker-" + UUID.randomUUID();
        String address = "attacker-" + UUID.randomUUID() + "@example.org";
        String deviceBody = "{\"platform\":\"android\",\"token\":\"" + planted + "\"}";
        String subscriptionBody = "{\"address\":\"" + address + "\"}";
        String deliveryPath = "/v1/deliveries/" + URLEncoder.encode(user1Delivery, StandardCharsets.UTF_8);

        EdgeCalls.Socket socket = edge.connect(jwt);
        assertThat(socket.open()).as("$connect with %s token", name).isFalse();
        assertThat(socket.refusedStatus()).as("$connect status").isEqualTo(401);

        Map<String, HttpResponse<String>> viaGateway = Map.of(
                "PUT /v1/devices", edge.api("PUT", "/v1/devices", jwt, deviceBody),
                "DELETE /v1/devices/{token}", edge.api("DELETE", "/v1/devices/" + victimDevice, jwt, null),
                "POST /v1/subscriptions/email", edge.api("POST", "/v1/subscriptions/email", jwt, subscriptionBody),
                "GET /v1/inbox", edge.api("GET", "/v1/inbox", jwt, null),
                "GET /v1/deliveries/{id}", edge.api("GET", deliveryPath, jwt, null));
        viaGateway.forEach((api, r) -> {
            assertThat(r.statusCode()).as("%s via the HTTP API with %s token", api, name).isEqualTo(401);
            assertThat(r.body()).as(api).doesNotContain("AUTH-1").doesNotContain(victimDevice);
        });

        Map<String, JsonNode> viaInvoke = Map.of(
                "devices-api PUT", edge.invokeHttpFunction(HeraldTopology.FN_DEVICE_REGISTRATION, "PUT", "/v1/devices", Map.of(), jwt, deviceBody),
                "devices-api DELETE", edge.invokeHttpFunction(HeraldTopology.FN_DEVICE_REGISTRATION, "DELETE", "/v1/devices/" + victimDevice,
                        Map.of("token", victimDevice), jwt, null),
                "subscriptions-api POST", edge.invokeHttpFunction(HeraldTopology.FN_SUBSCRIPTIONS_API, "POST", "/v1/subscriptions/email",
                        Map.of(), jwt, subscriptionBody),
                "inbox-api inbox", edge.invokeHttpFunction(HeraldTopology.FN_INBOX_API, "GET", "/v1/inbox", Map.of(), jwt, null),
                "inbox-api delivery", edge.invokeHttpFunction(HeraldTopology.FN_INBOX_API, "GET", deliveryPath,
                        Map.of("deliveryId", user1Delivery), jwt, null));
        viaInvoke.forEach((fn, r) -> {
            assertThat(r.path("statusCode").asInt()).as("%s invoked directly with %s token: %s", fn, name, r).isEqualTo(401);
            assertThat(r.path("body").asText()).as(fn).doesNotContain("AUTH-1").doesNotContain(victimDevice);
        });

        assertThat(connections.forUser(VICTIM)).as("connections stored for the token's subject").isEmpty();
        assertThat(devices.forUser(VICTIM)).extracting(DeviceTokenStore.DeviceToken::token).containsExactly(victimDevice);
        assertThat(subscriptions.find(VICTIM)).as("subscription for the token's subject").isEmpty();
        assertThat(edge.dashboard("/dashboard/api/emails").toString()).as("confirmation emails sent").doesNotContain(address);
        assertThat(ledger.find(user1Delivery).map(LedgerEntry::status)).contains(DeliveryStatus.SENT);
    }

    @Test
    void validToken_isAcceptedOnConnectAndEveryApi_soTheRefusalsAreTheTokensAlone() {
        String user = "auth-control-" + UUID.randomUUID();
        String jwt = tokens.valid(user);
        String device = "fcm-control-" + UUID.randomUUID();

        EdgeCalls.Socket socket = edge.connect(jwt);
        assertThat(socket.open()).isTrue();
        await().atMost(PATIENCE).until(() -> !connections.forUser(user).isEmpty());
        socket.close();

        assertThat(edge.api("PUT", "/v1/devices", jwt, "{\"platform\":\"android\",\"token\":\"" + device + "\"}").statusCode()).isBetween(200, 201);
        assertThat(edge.invokeHttpFunction(HeraldTopology.FN_DEVICE_REGISTRATION, "DELETE", "/v1/devices/" + device, Map.of("token", device), jwt, null)
                .path("statusCode").asInt()).isEqualTo(204);
        assertThat(edge.api("POST", "/v1/subscriptions/email", jwt, "{\"address\":\"" + user + "@example.org\"}").statusCode()).isEqualTo(202);
        assertThat(edge.api("GET", "/v1/inbox", jwt, null).statusCode()).isEqualTo(200);
        assertThat(edge.invokeHttpFunction(HeraldTopology.FN_INBOX_API, "GET", "/v1/inbox", Map.of(), jwt, null).path("statusCode").asInt())
                .isEqualTo(200);
        assertThat(edge.api("GET", "/v1/inbox", tokens.valid("user-1"), null).body()).contains(user1Delivery);
    }

    @Test
    void missingToken_isRefusedOnConnectAndEveryApi() {
        assertThat(edge.connect(null).refusedStatus()).isEqualTo(401);
        assertThat(edge.api("PUT", "/v1/devices", null, "{\"platform\":\"android\",\"token\":\"x\"}").statusCode()).isEqualTo(401);
        assertThat(edge.api("POST", "/v1/subscriptions/email", null, "{\"address\":\"nobody@example.org\"}").statusCode()).isEqualTo(401);
        assertThat(edge.api("GET", "/v1/inbox", null, null).statusCode()).isEqualTo(401);
        assertThat(edge.invokeHttpFunction(HeraldTopology.FN_INBOX_API, "GET", "/v1/inbox", Map.of(), null, null).path("statusCode").asInt())
                .isEqualTo(401);
    }

    @Test
    void anotherUser_cannotDeleteOrClaimAUsersDeviceToken() {
        String mallory = tokens.valid("auth-mallory-" + UUID.randomUUID());

        HttpResponse<String> delete = edge.api("DELETE", "/v1/devices/" + victimDevice, mallory, null);
        HttpResponse<String> claim = edge.api("PUT", "/v1/devices", mallory,
                "{\"platform\":\"android\",\"token\":\"fcm-" + UUID.randomUUID() + "\",\"userId\":\"" + VICTIM + "\"}");

        assertThat(delete.statusCode()).as("answered as for a token nobody holds").isEqualTo(404);
        assertThat(claim.statusCode()).isEqualTo(403);
        assertThat(devices.forUser(VICTIM)).extracting(DeviceTokenStore.DeviceToken::token).containsExactly(victimDevice);
    }

    @Test
    void anotherUser_cannotReadOrAcknowledgeAUsersLedgerRows() throws Exception {
        String malloryId = "auth-mallory-" + UUID.randomUUID();
        String mallory = tokens.valid(malloryId);

        HttpResponse<String> row = edge.api("GET", "/v1/deliveries/" + URLEncoder.encode(user1Delivery, StandardCharsets.UTF_8), mallory, null);
        HttpResponse<String> inbox = edge.api("GET", "/v1/inbox?limit=100", mallory, null);
        EdgeCalls.Socket socket = edge.connect(mallory);
        socket.webSocket().sendText(Json.write(Map.of("action", "ack", "deliveryId", user1Delivery)), true).join();
        socket.webSocket().sendText(Json.write(Map.of("action", "history", "limit", 100)), true).join();
        JsonNode error = socket.awaitFrame("\"error\"", PATIENCE);
        JsonNode history = socket.awaitFrame("\"history\"", PATIENCE);
        socket.close();

        assertThat(row.statusCode()).as("answered as for a missing id").isEqualTo(404);
        assertThat(row.body()).doesNotContain("order.shipped").doesNotContain("AUTH-1");
        assertThat(inbox.statusCode()).isEqualTo(200);
        assertThat(Json.tree(inbox.body()).path("items")).isEmpty();
        assertThat(error.path("message").asText()).contains(user1Delivery);
        assertThat(history.path("items")).isEmpty();
        assertThat(ledger.find(user1Delivery).map(LedgerEntry::status)).as("user-1's row after another user's ack").contains(DeliveryStatus.SENT);
    }

    @Test
    void anotherUser_cannotChangeAUsersSubscription() {
        EmailSubscriptionStore.EmailSubscription before = subscriptions.find("user-1").orElseThrow();
        String mallory = tokens.valid("auth-mallory-" + UUID.randomUUID());
        String address = "mallory-" + UUID.randomUUID() + "@example.org";

        HttpResponse<String> r = edge.api("POST", "/v1/subscriptions/email", mallory, "{\"address\":\"" + address + "\",\"userId\":\"user-1\"}");

        // the user is the token's subject, whatever the body says: mallory subscribed herself, user-1 is untouched
        assertThat(r.statusCode()).isIn(202, 403);
        assertThat(subscriptions.find("user-1")).contains(before);
    }
}
