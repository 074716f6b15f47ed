package dev.herald.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.event.Channel;
import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.json.Json;
import dev.herald.common.lambda.LambdaJson;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.ledger.LedgerEntry;
import dev.herald.common.store.ConnectionStore;
import dev.herald.common.store.ConnectionStore.Connection;
import dev.herald.common.store.DynamoDbConnectionStore;
import dev.herald.common.testing.Fixtures;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.topology.HeraldTopology;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MessageHandlerIT {
    private static MessageHandler handler;
    /** The last reply (route response body) each connection got, or null when its last message got none. */
    private static final Map<String, String> REPLIES = new ConcurrentHashMap<>();
    private static final DeliveryLedger LEDGER = new DynamoDbDeliveryLedger(LocalEngines.get().dynamo(), HeraldTopology.TABLE_DELIVERIES);
    private static final ConnectionStore CONNECTIONS =
            new DynamoDbConnectionStore(LocalEngines.get().dynamo(), HeraldTopology.TABLE_CONNECTIONS);

    @BeforeAll
    static void start() {
        handler = new MessageHandler(new ClientMessages(CONNECTIONS, new ClientActions(LEDGER)));
    }

    /** A connected user: their row in the Connections table and an open connection at the gateway. */
    private static String connect(String userId) {
        String id = "c-" + UUID.randomUUID();
        CONNECTIONS.put(Connection.opened(id, userId, Instant.now()));
        return id;
    }

    /** A delivery the WebSocket handler has sent to {@code userId}. */
    private static ChannelMessage sent(String userId) {
        ChannelMessage m = DeliveryFixtures.queued(LEDGER, DeliveryFixtures.orderShipped(userId));
        LEDGER.transition(m.deliveryId(), EnumSet.of(DeliveryStatus.QUEUED), DeliveryStatus.SENDING, null);
        LEDGER.transition(m.deliveryId(), EnumSet.of(DeliveryStatus.SENDING), DeliveryStatus.SENT, null);
        return m;
    }

    private static DeliveryStatus status(String deliveryId) {
        return LEDGER.find(deliveryId).map(LedgerEntry::status).orElseThrow();
    }

    private static int send(String connectionId, String body) {
        APIGatewayV2WebSocketResponse response = handler.handleRequest(WebSocketEvents.message(connectionId, body), null);
        if (response.getBody() == null) {
            REPLIES.remove(connectionId);
        } else {
            REPLIES.put(connectionId, response.getBody());
        }
        return response.getStatusCode();
    }

    /** The reply to the connection's last message (the route response API Gateway sends back to it). */
    private static JsonNode onlyFrame(String connectionId) {
        assertThat(REPLIES).containsKey(connectionId);
        return Json.tree(REPLIES.get(connectionId));
    }

    @Test
    void ack_fromTheFixture_movesTheUsersSentDeliveryToDelivered_andRepliesNothing() {
        APIGatewayV2WebSocketEvent event = LambdaJson.read(Fixtures.read("apigw-websocket-default-message.json"), APIGatewayV2WebSocketEvent.class);
        String connectionId = event.getRequestContext().getConnectionId();
        String deliveryId = Json.tree(event.getBody()).get("deliveryId").asText();
        String user = "user-" + UUID.randomUUID();
        CONNECTIONS.put(Connection.opened(connectionId, user, Instant.now()));
        LEDGER.recordIfAbsent(new LedgerEntry(deliveryId, "n-1", user, Channel.WEBSOCKET, "order.shipped", "orders", DeliveryStatus.SENT, null, 1,
                "Your order shipped", "A-17", Instant.now(), Instant.now()));

        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(200);

        assertThat(status(deliveryId)).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(REPLIES).doesNotContainKey(connectionId);
    }

    @Test
    void ack_twice_andThenRead_endsRead_withoutErrors() {
        String user = "user-" + UUID.randomUUID();
        String tab = connect(user);
        ChannelMessage m = sent(user);

        send(tab, "{\"action\":\"ack\",\"deliveryId\":\"" + m.deliveryId() + "\"}");
        send(tab, "{\"action\":\"ack\",\"deliveryId\":\"" + m.deliveryId() + "\"}");
        send(tab, "{\"action\":\"read\",\"deliveryId\":\"" + m.deliveryId() + "\"}");

        assertThat(status(m.deliveryId())).isEqualTo(DeliveryStatus.READ);
        assertThat(REPLIES).doesNotContainKey(tab);
    }

    @Test
    void ack_ofAnotherUsersDelivery_isRefusedWithAnErrorFrame_andTheRowStaysSent() {
        String mallory = "user-" + UUID.randomUUID();
        String tab = connect(mallory);
        ChannelMessage alices = sent("user-" + UUID.randomUUID());

        assertThat(send(tab, "{\"action\":\"ack\",\"deliveryId\":\"" + alices.deliveryId() + "\"}")).isEqualTo(200);

        JsonNode frame = onlyFrame(tab);
        assertThat(frame.get("type").asText()).isEqualTo("error");
        assertThat(frame.get("message").asText()).contains("you have no delivery");
        assertThat(frame.has("deliveryId")).as("clients ack every frame with a deliveryId").isFalse();
        assertThat(status(alices.deliveryId())).isEqualTo(DeliveryStatus.SENT);
    }

    @Test
    void ack_ofADeliveryNotSentYet_isRefused_withItsStatus() {
        String user = "user-" + UUID.randomUUID();
        String tab = connect(user);
        ChannelMessage queued = DeliveryFixtures.queued(LEDGER, DeliveryFixtures.orderShipped(user));

        send(tab, "{\"action\":\"ack\",\"deliveryId\":\"" + queued.deliveryId() + "\"}");

        assertThat(onlyFrame(tab).get("message").asText()).contains("is queued");
        assertThat(status(queued.deliveryId())).isEqualTo(DeliveryStatus.QUEUED);
    }

    @Test
    void ackAndRead_ofTheUsersOwnFailedOrSendingPushAndEmailRows_changeNothing_soTheRetryStands() {
        String user = "user-" + UUID.randomUUID();
        String tab = connect(user);
        List<String> ids = new java.util.ArrayList<>();
        for (String channel : List.of("push", "email")) {
            for (DeliveryStatus status : List.of(DeliveryStatus.FAILED, DeliveryStatus.SENDING)) {
                String id = "n-" + UUID.randomUUID() + "#" + channel + "#" + user;
                LEDGER.recordIfAbsent(new LedgerEntry(id, "n", user, Channel.fromWireName(channel).orElseThrow(), "order.shipped", "orders", status, "APNs 500", 1,
                        "Your order shipped", "A-17", Instant.now(), Instant.now()));
                ids.add(id);
            }
        }

        for (String id : ids) {
            send(tab, "{\"action\":\"ack\",\"deliveryId\":\"" + id + "\"}");
            assertThat(onlyFrame(tab).get("type").asText()).as("ack of %s", id).isEqualTo("error");
            send(tab, "{\"action\":\"read\",\"deliveryId\":\"" + id + "\"}");
            assertThat(onlyFrame(tab).get("type").asText()).as("read of %s", id).isEqualTo("error");
        }

        assertThat(ids).extracting(MessageHandlerIT::status).containsExactly(
                DeliveryStatus.FAILED, DeliveryStatus.SENDING, DeliveryStatus.FAILED, DeliveryStatus.SENDING);
    }

    @Test
    void history_sendsTheUsersNewestRows_andNoneOfAnotherUsers() {
        String user = "user-" + UUID.randomUUID();
        String tab = connect(user);
        ChannelMessage older = sent(user);
        ChannelMessage newer = sent(user);
        sent("user-" + UUID.randomUUID());

        send(tab, "{\"action\":\"history\",\"limit\":10}");

        JsonNode frame = onlyFrame(tab);
        assertThat(frame.get("type").asText()).isEqualTo("history");
        List<String> ids = StreamSupport.stream(frame.get("items").spliterator(), false).map(i -> i.get("deliveryId").asText()).toList();
        assertThat(ids).containsExactlyInAnyOrder(older.deliveryId(), newer.deliveryId());
        JsonNode item = frame.get("items").get(0);
        assertThat(item.get("status").asText()).isEqualTo("sent");
        assertThat(item.get("title").asText()).isEqualTo("Your order shipped");
        assertThat(item.has("userId")).isFalse();
    }

    @Test
    void history_respectsTheLimit() {
        String user = "user-" + UUID.randomUUID();
        String tab = connect(user);
        sent(user);
        sent(user);
        sent(user);

        send(tab, "{\"action\":\"history\",\"limit\":2}");

        assertThat(onlyFrame(tab).get("items")).hasSize(2);
    }

    @Test
    void malformedJson_getsAnErrorFrameSayingWhatToSend() {
        String tab = connect("user-" + UUID.randomUUID());
        assertThat(send(tab, "{\"action\":\"ack\",")).isEqualTo(200);
        String message = onlyFrame(tab).get("message").asText();
        assertThat(message).contains("not JSON").contains("{\"action\":\"ack\",\"deliveryId\":");
    }

    @Test
    void unknownAction_getsAnErrorFrameNamingIt() {
        String tab = connect("user-" + UUID.randomUUID());
        send(tab, "{\"action\":\"subscribe\",\"topic\":\"orders\"}");
        JsonNode frame = onlyFrame(tab);
        assertThat(frame.get("type").asText()).isEqualTo("error");
        assertThat(frame.get("message").asText()).contains("unknown action 'subscribe'");
    }

    @Test
    void historyWithBadLimit_getsAnErrorFrame() {
        String tab = connect("user-" + UUID.randomUUID());
        send(tab, "{\"action\":\"history\",\"limit\":1000}");
        assertThat(onlyFrame(tab).get("message").asText()).contains("\"limit\" must be a whole number from 1 to 100");
    }

    @Test
    void messageFromAnUnregisteredConnection_getsAnErrorFrame_andChangesNothing() {
        String unregistered = "c-" + UUID.randomUUID();
        ChannelMessage m = sent("user-" + UUID.randomUUID());

        send(unregistered, "{\"action\":\"ack\",\"deliveryId\":\"" + m.deliveryId() + "\"}");

        assertThat(onlyFrame(unregistered).get("message").asText()).contains("reconnect");
        assertThat(status(m.deliveryId())).isEqualTo(DeliveryStatus.SENT);
    }

    @Test
    void history_aboveTheFrameLimit_isAnsweredWithAnErrorSayingToAskForFewer() {
        String user = "user-" + UUID.randomUUID();
        String tab = connect(user);
        for (int i = 0; i < 30; i++) {
            ChannelMessage m = DeliveryFixtures.queued(LEDGER, DeliveryFixtures.orderShipped(user, "x".repeat(6_000)));
            LEDGER.transition(m.deliveryId(), EnumSet.of(DeliveryStatus.QUEUED), DeliveryStatus.SENDING, null);
            LEDGER.transition(m.deliveryId(), EnumSet.of(DeliveryStatus.SENDING), DeliveryStatus.SENT, null);
        }

        send(tab, "{\"action\":\"history\",\"limit\":30}");

        assertThat(REPLIES.get(tab).length()).isLessThan(ClientMessages.MAX_FRAME_BYTES);
        assertThat(onlyFrame(tab).get("message").asText()).contains("above the 128 KB frame limit").contains("\"limit\":7");
    }
}
