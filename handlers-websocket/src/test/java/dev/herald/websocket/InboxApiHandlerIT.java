package dev.herald.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.json.Json;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.topology.HeraldTopology;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class InboxApiHandlerIT {
    private static final DeliveryLedger LEDGER = new DynamoDbDeliveryLedger(LocalEngines.get().dynamo(), HeraldTopology.TABLE_DELIVERIES);
    private final InboxApiHandler handler = new InboxApiHandler(new InboxApi(Tokens.hs256Verifier(), LEDGER,
            new Inbox(LocalEngines.get().dynamo(), HeraldTopology.TABLE_DELIVERIES, LEDGER)));

    /** A queued row moved on to SENT: the inbox lists notifications that reached the user. */
    private static ChannelMessage sent(ChannelMessage m) {
        DeliveryFixtures.queued(LEDGER, m);
        assertThat(LEDGER.transition(m.deliveryId(), java.util.Set.of(dev.herald.common.ledger.DeliveryStatus.QUEUED),
                dev.herald.common.ledger.DeliveryStatus.SENT, null)).isTrue();
        return m;
    }

    private APIGatewayV2HTTPResponse inbox(String query, String token) {
        return handler.handleRequest(WebSocketEvents.http("GET", "GET /v1/inbox", "/v1/inbox", null, query, token), null);
    }

    private APIGatewayV2HTTPResponse delivery(String deliveryId, String token) {
        String raw = "/v1/deliveries/" + URLEncoder.encode(deliveryId, StandardCharsets.UTF_8);
        return handler.handleRequest(WebSocketEvents.http("GET", "GET /v1/deliveries/{deliveryId}", raw, deliveryId, null, token), null);
    }

    private static String message(APIGatewayV2HTTPResponse response) {
        return Json.tree(response.getBody()).get("message").asText();
    }

    @Test
    void inbox_returnsTheCallersNotifications_andNoOneElses() {
        String user = "user-" + UUID.randomUUID();
        ChannelMessage first = sent(DeliveryFixtures.orderShipped(user));
        ChannelMessage second = sent(DeliveryFixtures.orderShipped(user));
        sent(DeliveryFixtures.orderShipped("user-" + UUID.randomUUID()));

        APIGatewayV2HTTPResponse response = inbox("limit=10", Tokens.hs256(user));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("content-type", "application/json").containsEntry("cache-control", "no-store");
        JsonNode items = Json.tree(response.getBody()).get("items");
        List<String> ids = StreamSupport.stream(items.spliterator(), false).map(i -> i.get("deliveries").get(0).get("deliveryId").asText()).toList();
        assertThat(ids).containsExactlyInAnyOrder(first.deliveryId(), second.deliveryId());
        assertThat(items.get(0).get("deliveries").get(0).get("status").asText()).isEqualTo("sent");
        assertThat(items.get(0).get("deliveries").get(0).get("channel").asText()).isEqualTo("websocket");
        assertThat(Json.tree(response.getBody()).get("unreadCount").asInt()).isEqualTo(2);
    }

    @Test
    void inbox_limitsTheEntries_andRefusesABadLimitWith400() {
        String user = "user-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            sent(DeliveryFixtures.orderShipped(user));
        }
        assertThat(Json.tree(inbox("limit=2", Tokens.hs256(user)).getBody()).get("items")).hasSize(2);

        APIGatewayV2HTTPResponse bad = inbox("limit=many", Tokens.hs256(user));
        assertThat(bad.getStatusCode()).isEqualTo(400);
        assertThat(message(bad)).contains("limit must be a whole number from 1 to 100");
    }

    @Test
    void inbox_withoutToken_is401() {
        APIGatewayV2HTTPResponse response = inbox(null, null);
        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(message(response)).contains("Authorization: Bearer");
    }

    @Test
    void inboxAndDelivery_withForgedExpiredWrongIssuerWrongAudienceOrUnsignedToken_are401AndShowNothing() {
        String user = "user-" + UUID.randomUUID();
        ChannelMessage m = DeliveryFixtures.queued(LEDGER, DeliveryFixtures.orderShipped(user));
        java.util.Date past = java.util.Date.from(java.time.Instant.now().minusSeconds(600));
        Map<String, String> broken = Map.of(
                "forged", Tokens.hs256(Tokens.claims(user).build(), "another-key-another-key-another-key-!!".getBytes(StandardCharsets.UTF_8)),
                "expired", Tokens.hs256(Tokens.claims(user).issueTime(past).expirationTime(past).build(), Tokens.SECRET),
                "wrong issuer", Tokens.hs256(Tokens.claims(user).issuer("https://evil.example.com/").build(), Tokens.SECRET),
                "wrong audience", Tokens.hs256(Tokens.claims(user).audience("someone-else").build(), Tokens.SECRET),
                "alg none", Tokens.unsigned(user));
        broken.forEach((what, token) -> {
            for (APIGatewayV2HTTPResponse r : List.of(inbox(null, token), delivery(m.deliveryId(), token))) {
                assertThat(r.getStatusCode()).as(what).isEqualTo(401);
                assertThat(r.getBody()).as(what).doesNotContain(m.deliveryId()).doesNotContain("order.shipped");
            }
        });
        assertThat(delivery(m.deliveryId(), Tokens.hs256(user)).getStatusCode()).as("the same row with a valid token").isEqualTo(200);
    }

    @Test
    void delivery_ofTheCaller_is200WithTheRow() {
        String user = "user-" + UUID.randomUUID();
        ChannelMessage m = DeliveryFixtures.queued(LEDGER, DeliveryFixtures.orderShipped(user));

        APIGatewayV2HTTPResponse response = delivery(m.deliveryId(), Tokens.hs256(user));

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode row = Json.tree(response.getBody());
        assertThat(row.get("deliveryId").asText()).isEqualTo(m.deliveryId());
        assertThat(row.get("notificationId").asText()).isEqualTo(m.notificationId());
        assertThat(row.get("eventType").asText()).isEqualTo("order.shipped");
        assertThat(row.get("status").asText()).isEqualTo("queued");
    }

    @Test
    void delivery_ofAnotherUser_answersExactlyAsAMissingOne() {
        ChannelMessage someoneElses = DeliveryFixtures.queued(LEDGER, DeliveryFixtures.orderShipped("user-" + UUID.randomUUID()));
        String caller = Tokens.hs256("user-" + UUID.randomUUID());
        String missingId = someoneElses.deliveryId().replace(someoneElses.notificationId(), "n-" + UUID.randomUUID());

        APIGatewayV2HTTPResponse response = delivery(someoneElses.deliveryId(), caller);
        APIGatewayV2HTTPResponse missing = delivery(missingId, caller);

        assertThat(response.getStatusCode()).isEqualTo(404).isEqualTo(missing.getStatusCode());
        assertThat(message(response)).isEqualTo(message(missing).replace(missingId, someoneElses.deliveryId()));
        assertThat(response.getBody()).doesNotContain("order.shipped");
    }

    @Test
    void delivery_missing_is404() {
        APIGatewayV2HTTPResponse response = delivery("n-" + UUID.randomUUID() + "#websocket#user-1", Tokens.hs256("user-1"));
        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(message(response)).contains("you have no delivery");
    }

    @Test
    void delivery_withoutPathParameter_decodesTheRawPath() {
        String user = "user-" + UUID.randomUUID();
        ChannelMessage m = DeliveryFixtures.queued(LEDGER, DeliveryFixtures.orderShipped(user));
        String raw = "/v1/deliveries/" + URLEncoder.encode(m.deliveryId(), StandardCharsets.UTF_8);

        var response = handler.handleRequest(WebSocketEvents.http("GET", "$default", raw, null, null, Tokens.hs256(user)), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(Json.tree(response.getBody()).get("deliveryId").asText()).isEqualTo(m.deliveryId());
    }

    @Test
    void otherMethodOrPath_is405or404() {
        String token = Tokens.hs256("user-1");
        assertThat(handler.handleRequest(WebSocketEvents.http("DELETE", "DELETE /v1/inbox", "/v1/inbox", null, null, token), null)
                .getStatusCode()).isEqualTo(405);
        assertThat(handler.handleRequest(WebSocketEvents.http("GET", "GET /v1/outbox", "/v1/outbox", null, null, token), null)
                .getStatusCode()).isEqualTo(404);
    }
}
