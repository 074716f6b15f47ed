package dev.herald.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.event.Channel;
import dev.herald.common.http.JwtAuth;
import dev.herald.common.lambda.LambdaJson;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.ledger.LedgerEntry;
import dev.herald.common.orchestration.ReadMarker;
import dev.herald.common.orchestration.StepGate;
import dev.herald.common.testing.Fixtures;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.topology.HeraldTopology;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/notifications/{id}/opened} on the HTTP API's payload 2.0 event, against the ledger on DynamoDB Local. */
class PushOpenedIT {
    private final DeliveryLedger ledger = new DynamoDbDeliveryLedger(LocalEngines.get().dynamo(), HeraldTopology.TABLE_DELIVERIES);
    private final PushOpenedHandler handler = new PushOpenedHandler(new OpenedApi(JwtAuth.of(TestJwts.verifier()), new ReadMarker(ledger)));
    private final String user = "user-" + UUID.randomUUID();
    private final String notificationId = "ntf-" + UUID.randomUUID();

    private static APIGatewayV2HTTPEvent opened(String bearer, String notificationId) {
        APIGatewayV2HTTPEvent event = LambdaJson.read(Fixtures.read("apigw-http-v2-put-device.json"), APIGatewayV2HTTPEvent.class);
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("authorization", "Bearer " + bearer);
        event.setHeaders(headers);
        event.setBody(null);
        String path = "/v1/notifications/" + notificationId + "/opened";
        event.setRouteKey("POST /v1/notifications/{notificationId}/opened");
        event.setRawPath(path);
        event.getRequestContext().getHttp().setMethod("POST");
        event.getRequestContext().getHttp().setPath(path);
        event.setPathParameters(Map.of("notificationId", notificationId));
        return event;
    }

    private void row(Channel channel, DeliveryStatus status) {
        Instant now = Instant.now();
        ledger.recordIfAbsent(LedgerEntry.decided(notificationId, channel, user, "order.shipped", "orders", status, null, now));
    }

    private LedgerEntry find(Channel c, String userId) {
        return ledger.find(DeliveryIds.of(notificationId, c, userId)).orElseThrow();
    }

    @Test
    void opened_marksThePushRead_andCancelsThePendingEmailStep() {
        row(Channel.WEBSOCKET, DeliveryStatus.SKIPPED);
        row(Channel.PUSH, DeliveryStatus.SENT);
        row(Channel.EMAIL, DeliveryStatus.PENDING);

        assertThat(handler.handleRequest(opened(TestJwts.valid(user), notificationId), null).getStatusCode()).isEqualTo(204);

        assertThat(find(Channel.PUSH, user).status()).isEqualTo(DeliveryStatus.READ);
        assertThat(find(Channel.EMAIL, user).status()).isEqualTo(DeliveryStatus.CANCELLED);
        assertThat(find(Channel.EMAIL, user).reason()).isEqualTo(StepGate.READ);
        assertThat(find(Channel.WEBSOCKET, user).status()).as("a skipped delivery stays skipped").isEqualTo(DeliveryStatus.SKIPPED);
    }

    @Test
    void opened_byAnotherUser_is404_andChangesNothing() {
        row(Channel.PUSH, DeliveryStatus.SENT);

        var response = handler.handleRequest(opened(TestJwts.valid("user-" + UUID.randomUUID()), notificationId), null);

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(response.getBody()).contains("no sent delivery of notification");
        assertThat(find(Channel.PUSH, user).status()).isEqualTo(DeliveryStatus.SENT);
    }

    @Test
    void opened_withoutToken_is401() {
        APIGatewayV2HTTPEvent event = opened("x", notificationId);
        event.setHeaders(Map.of());
        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(401);
    }
}
