package dev.herald.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.event.Channel;
import dev.herald.common.json.Json;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.ledger.LedgerEntry;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.topology.HeraldTopology;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The inbox on DynamoDB Local: one entry per notification, the read state and the cursor. */
class InboxIT {
    private static final DeliveryLedger LEDGER = new DynamoDbDeliveryLedger(LocalEngines.get().dynamo(), HeraldTopology.TABLE_DELIVERIES);
    private final InboxApiHandler handler = new InboxApiHandler(new InboxApi(Tokens.hs256Verifier(), LEDGER,
            new Inbox(LocalEngines.get().dynamo(), HeraldTopology.TABLE_DELIVERIES, LEDGER)));

    /** One row of a notification on a channel, in {@code status} (with {@code reason}), created at {@code at}. */
    private static String row(String notificationId, Channel channel, String user, DeliveryStatus status, String reason, Instant at) {
        String id = DeliveryIds.of(notificationId, channel, user);
        LEDGER.recordIfAbsent(new LedgerEntry(id, notificationId, user, channel, "order.shipped", "orders", status, reason, 1,
                "Order " + notificationId, "shipped", at, at));
        return id;
    }

    private JsonNode get(String user, String query) {
        APIGatewayV2HTTPResponse r = handler.handleRequest(WebSocketEvents.http("GET", "GET /v1/inbox", "/v1/inbox", null, query, Tokens.hs256(user)), null);
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
        return Json.tree(r.getBody());
    }

    private APIGatewayV2HTTPResponse post(String user, String routeKey, String path, String notificationId) {
        APIGatewayV2HTTPEvent e = WebSocketEvents.http("POST", routeKey, path, null, null, Tokens.hs256(user));
        if (notificationId != null) {
            e.setPathParameters(java.util.Map.of("notificationId", notificationId));
        }
        return handler.handleRequest(e, null);
    }

    private static List<String> ids(JsonNode page) {
        return StreamSupport.stream(page.get("items").spliterator(), false).map(i -> i.get("notificationId").asText()).toList();
    }

    @Test
    void inbox_showsOneEntryPerNotification_newestFirst_withoutSkippedOrRejectedNotifications() {
        String user = "inbox-" + UUID.randomUUID();
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        row("n1-" + user, Channel.WEBSOCKET, user, DeliveryStatus.DELIVERED, null, t.minusSeconds(30));
        row("n1-" + user, Channel.EMAIL, user, DeliveryStatus.SENT, null, t.minusSeconds(30));
        row("n1-" + user, Channel.PUSH, user, DeliveryStatus.SKIPPED, "opted out", t.minusSeconds(30));
        row("n2-" + user, Channel.WEBSOCKET, user, DeliveryStatus.SKIPPED, "offline: no live connection", t.minusSeconds(20));
        row("n3-" + user, Channel.EMAIL, user, DeliveryStatus.SKIPPED, "opted out of orders on email", t.minusSeconds(10));
        row("n4-" + user, Channel.PUSH, user, DeliveryStatus.REJECTED, "no device", t.minusSeconds(5));

        JsonNode page = get(user, "limit=10");

        assertThat(ids(page)).containsExactly("n2-" + user, "n1-" + user);
        assertThat(page.get("items").get(1).get("deliveries")).hasSize(3);
        assertThat(page.get("items").get(1).get("read").asBoolean()).as("the WebSocket row was acknowledged").isTrue();
        assertThat(page.get("items").get(0).get("read").asBoolean()).isFalse();
        assertThat(page.get("unreadCount").asInt()).isEqualTo(1);
        assertThat(page.has("nextCursor")).isFalse();
    }

    @Test
    void inbox_pagesWithTheCursor_throughEveryNotificationOnce() {
        String user = "inbox-" + UUID.randomUUID();
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Set<String> written = new HashSet<>();
        for (int i = 0; i < 23; i++) {
            String n = "p" + i + "-" + user;
            row(n, Channel.WEBSOCKET, user, DeliveryStatus.SENT, null, t.minusSeconds(100 - i));
            row(n, Channel.EMAIL, user, DeliveryStatus.SENT, null, t.minusSeconds(100 - i));
            written.add(n);
        }
        List<String> seen = new ArrayList<>();
        int pages = 0;
        String cursor = null;
        do {
            JsonNode page = get(user, "limit=5" + (cursor == null ? "" : "&cursor=" + cursor));
            pages++;
            seen.addAll(ids(page));
            assertThat(page.get("unreadCount").asInt()).isEqualTo(23);
            cursor = page.has("nextCursor") ? page.get("nextCursor").asText() : null;
        } while (cursor != null);

        assertThat(pages).isEqualTo(5);
        assertThat(seen).hasSize(23).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(written);
        assertThat(seen.get(0)).isEqualTo("p22-" + user);
    }

    @Test
    void markRead_movesTheUsersRowsToRead_andMarkAll_readsTheRest_butNotAnotherUsersNotification() {
        String user = "inbox-" + UUID.randomUUID();
        String other = "inbox-" + UUID.randomUUID();
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String ws = row("r1-" + user, Channel.WEBSOCKET, user, DeliveryStatus.SENT, null, t.minusSeconds(3));
        String email = row("r1-" + user, Channel.EMAIL, user, DeliveryStatus.SENT, null, t.minusSeconds(3));
        String offline = row("r2-" + user, Channel.WEBSOCKET, user, DeliveryStatus.SKIPPED, "offline: no live connection", t.minusSeconds(2));
        row("r3-" + user, Channel.PUSH, user, DeliveryStatus.SENT, null, t.minusSeconds(1));
        String othersRow = row("o1-" + other, Channel.EMAIL, other, DeliveryStatus.SENT, null, t);

        APIGatewayV2HTTPResponse one = post(user, "POST /v1/inbox/{notificationId}/read", "/v1/inbox/r1-" + user + "/read", "r1-" + user);
        assertThat(one.getStatusCode()).as(one.getBody()).isEqualTo(200);
        assertThat(LEDGER.find(ws).orElseThrow().status()).isEqualTo(DeliveryStatus.READ);
        assertThat(LEDGER.find(email).orElseThrow().status()).isEqualTo(DeliveryStatus.READ);
        assertThat(get(user, null).get("unreadCount").asInt()).isEqualTo(2);

        APIGatewayV2HTTPResponse foreign = post(user, "POST /v1/inbox/{notificationId}/read", "/v1/inbox/o1-" + other + "/read", "o1-" + other);
        assertThat(foreign.getStatusCode()).isEqualTo(404);
        assertThat(LEDGER.find(othersRow).orElseThrow().status()).isEqualTo(DeliveryStatus.SENT);

        APIGatewayV2HTTPResponse all = post(user, "POST /v1/inbox/read-all", "/v1/inbox/read-all", null);
        assertThat(all.getStatusCode()).isEqualTo(200);
        assertThat(Json.tree(all.getBody()).get("marked").asInt()).isEqualTo(2);
        assertThat(LEDGER.find(offline).orElseThrow().status()).isEqualTo(DeliveryStatus.READ);
        JsonNode after = get(user, null);
        assertThat(after.get("unreadCount").asInt()).isZero();
        assertThat(after.get("items")).allSatisfy(i -> assertThat(i.get("read").asBoolean()).isTrue());
        assertThat(get(other, null).get("unreadCount").asInt()).as("the other user's inbox is untouched").isEqualTo(1);
    }

    @Test
    void cursorOfAnotherUsersInbox_isRefusedWith400() {
        String victim = "inbox-" + UUID.randomUUID();
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < 3; i++) {
            row("v" + i + "-" + victim, Channel.EMAIL, victim, DeliveryStatus.SENT, null, t.minusSeconds(i));
        }
        String cursor = get(victim, "limit=1").get("nextCursor").asText();

        APIGatewayV2HTTPResponse r = handler.handleRequest(WebSocketEvents.http("GET", "GET /v1/inbox", "/v1/inbox", null,
                "cursor=" + cursor, Tokens.hs256("mallory-" + UUID.randomUUID())), null);
        assertThat(r.getStatusCode()).isEqualTo(400);
        assertThat(r.getBody()).doesNotContain(victim);
    }
}
