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
import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.LocalRuntime;
import dev.herald.local.dashboard.DashboardGuard;
import dev.herald.local.dashboard.WebhookSink;
import dev.herald.local.demo.DemoWebhook;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The webhook channel under {@code herald up}, over real HTTP: an operator registers an endpoint through the admin
 * route (the webhooks API function's jar), a producer publishes through {@code POST /v1/events}, the router fans out to
 * the webhook queue, the webhook delivery function POSTs the signed payload to the dashboard's {@code /webhook-sink},
 * which checks the signature, and the dashboard lists it.
 */
class WebhookPipelineIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void registeredEndpoint_receivesASignedPost_andTheDashboardShowsIt() throws Exception {
        LocalRuntime runtime = PipelineRuntime.get();
        String user = "wh-" + UUID.randomUUID();
        String endpointId = "ep-" + UUID.randomUUID().toString().substring(0, 8);
        String registration = "{\"url\":\"" + runtime.edgeEndpoint() + WebhookSink.PATH + "\",\"scope\":\"user:" + user
                + "\",\"secret\":\"" + DemoWebhook.SECRET + "\"}";

        // PUT is idempotent: a first call that meets the function's cold start on a loaded machine (a 10 s timeout, 500) is repeated
        HttpResponse<String> put = send("PUT", "/v1/admin/webhooks/" + endpointId, registration, runtime.adminToken("ops"));
        for (int attempt = 1; attempt < 3 && put.statusCode() >= 500; attempt++) {
            put = send("PUT", "/v1/admin/webhooks/" + endpointId, registration, runtime.adminToken("ops"));
        }
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        assertThat(Json.tree(put.body()).has("secret")).as("a secret the caller chose is not echoed").isFalse();

        String notificationId = "wh-" + UUID.randomUUID();
        HttpResponse<String> published = send("POST", "/v1/events", "{\"source\":\"shop.orders\",\"detailType\":\"order.delivered\",\"detail\":{"
                + "\"notificationId\":\"" + notificationId + "\",\"recipients\":[\"" + user + "\"],\"category\":\"orders\",\"data\":{\"orderId\":\"A-17\"}}}",
                runtime.producerToken("shop", false));
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);

        DynamoDbDeliveryLedger ledger = new DynamoDbDeliveryLedger(PipelineRuntime.dynamo(), HeraldTopology.TABLE_DELIVERIES);
        String deliveryId = DeliveryIds.of(notificationId, Channel.WEBHOOK, user);
        await().atMost(PATIENCE).until(() -> ledger.find(deliveryId).map(LedgerEntry::status)
                .filter(s -> s != DeliveryStatus.QUEUED && s != DeliveryStatus.SENDING).isPresent());
        assertThat(ledger.find(deliveryId).orElseThrow().status()).as(ledger.find(deliveryId).toString()).isEqualTo(DeliveryStatus.SENT);

        var received = runtime.webhookSink().newestFirst().stream().filter(r -> r.body().contains(notificationId)).toList();
        assertThat(received).hasSize(1);
        assertThat(received.getFirst().signatureValid()).isTrue();
        JsonNode body = Json.tree(received.getFirst().body());
        assertThat(body.path("type").asText()).isEqualTo("order.delivered");
        assertThat(body.path("data").path("userId").asText()).isEqualTo(user);

        HttpResponse<String> dashboard = http.send(HttpRequest.newBuilder(URI.create(runtime.edgeEndpoint() + "/dashboard/api/webhooks"))
                .header(DashboardGuard.TOKEN_HEADER, runtime.dashboardToken()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.body()).contains(notificationId);

        assertThat(send("DELETE", "/v1/admin/webhooks/" + endpointId, null, runtime.adminToken("ops")).statusCode()).isEqualTo(204);
    }

    @Test
    void adminRoutes_refuseOtherTokens_andMetadataAddressesEvenUnderHeraldUp() throws Exception {
        LocalRuntime runtime = PipelineRuntime.get();
        String body = "{\"url\":\"http://169.254.169.254/latest/meta-data/\",\"scope\":\"account\"}";

        assertThat(send("PUT", "/v1/admin/webhooks/meta", body, runtime.producerToken("shop", false)).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/v1/admin/webhooks", null, runtime.tokenFor("user-1")).statusCode()).isEqualTo(403);
        HttpResponse<String> refused = send("PUT", "/v1/admin/webhooks/meta", body, runtime.adminToken("ops"));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("169.254.169.254").contains("link-local");
        assertThat(send("GET", "/v1/admin/webhooks/meta", null, runtime.adminToken("ops")).statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(PipelineRuntime.get().edgeEndpoint() + path))
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
