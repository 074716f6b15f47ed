package dev.herald.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.json.Json;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.topology.HeraldTopology;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The admin API for webhook endpoints against DynamoDB Local, with loopback disallowed as on AWS. */
class WebhookApiIT {
    private final WebhookStore store = new WebhookStore(LocalEngines.get().dynamo(), HeraldTopology.TABLE_WEBHOOKS);
    private final WebhookApi aws = new WebhookApi(store, new AddressPolicy(false,
            WebhookHarness.resolving(Map.of("hooks.example.com", "93.184.215.14", "internal.example.com", "10.0.3.7"))), Clock.systemUTC());

    private APIGatewayV2HTTPResponse put(String id, String body) {
        return aws.handle(AdminEvents.of("PUT", "/v1/admin/webhooks/" + id, id, body));
    }

    @Test
    void put_withoutSecret_generatesOne_returnedOnlyInThatAnswer() {
        String id = WebhookHarness.newId("ep");
        APIGatewayV2HTTPResponse created = put(id, "{\"url\":\"https://hooks.example.com/herald\",\"scope\":\"user:u-1\"}");

        assertThat(created.getStatusCode()).isEqualTo(201);
        JsonNode body = Json.tree(created.getBody());
        String secret = body.path("secret").asText();
        assertThat(secret).startsWith("whsec_");
        assertThat(WebhookSecret.problem(secret)).isEmpty();
        APIGatewayV2HTTPResponse read = aws.handle(AdminEvents.of("GET", "/v1/admin/webhooks/" + id, id, null));
        assertThat(read.getStatusCode()).isEqualTo(200);
        assertThat(Json.tree(read.getBody()).has("secret")).isFalse();
        assertThat(Json.tree(read.getBody()).path("scope").asText()).isEqualTo("user:u-1");
        // replacing keeps the secret and does not return it
        APIGatewayV2HTTPResponse replaced = put(id, "{\"url\":\"https://hooks.example.com/v2\",\"scope\":\"account\"}");
        assertThat(replaced.getStatusCode()).isEqualTo(200);
        assertThat(Json.tree(replaced.getBody()).has("secret")).isFalse();
        assertThat(store.get(id).orElseThrow().secret()).isEqualTo(secret);
        String list = aws.handle(AdminEvents.of("GET", "/v1/admin/webhooks", null, null)).getBody();
        assertThat(list).contains(id).doesNotContain(secret);
        assertThat(aws.handle(AdminEvents.of("DELETE", "/v1/admin/webhooks/" + id, id, null)).getStatusCode()).isEqualTo(204);
        assertThat(aws.handle(AdminEvents.of("DELETE", "/v1/admin/webhooks/" + id, id, null)).getStatusCode()).isEqualTo(404);
        assertThat(aws.handle(AdminEvents.of("POST", "/v1/admin/webhooks/" + id + "/enable", id, null)).getStatusCode()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1/hook", "https://169.254.169.254/latest/meta-data/", "https://10.1.2.3/hook",
            "https://[fd00:ec2::254]/hook", "https://[::1]/hook", "https://192.168.1.10/hook", "https://172.16.0.1/hook",
            "https://0.0.0.0/hook", "https://internal.example.com/hook", "http://hooks.example.com/hook", "https://user:pw@hooks.example.com/"})
    void put_withPrivateLoopbackMetadataOrPlainHttpUrl_answers400(String url) {
        String id = WebhookHarness.newId("ep");
        APIGatewayV2HTTPResponse r = put(id, "{\"url\":\"" + url + "\",\"scope\":\"account\"}");

        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(400);
        assertThat(Json.tree(r.getBody()).path("message").asText()).startsWith("url refused");
        assertThat(store.get(id)).isEmpty();
    }

    @Test
    void put_withBadScopeOrSecret_answers400WithTheReason() {
        String id = WebhookHarness.newId("ep");
        assertThat(put(id, "{\"url\":\"https://hooks.example.com/h\",\"scope\":\"everyone\"}").getBody()).contains("scope must be");
        assertThat(put(id, "{\"url\":\"https://hooks.example.com/h\",\"scope\":\"account\",\"secret\":\"hunter2\"}").getBody())
                .contains("must start with \\\"whsec_\\\"");
        assertThat(put(id, "{\"url\":\"https://hooks.example.com/h\",\"scope\":\"account\",\"secret\":\"whsec_c2hvcnQ=\"}").getBody())
                .contains("decodes to 5 bytes");
        assertThat(put("bad id!", "{}").getStatusCode()).isEqualTo(400);
        assertThat(store.get(id)).isEmpty();
    }

    @Test
    void put_underHeraldUp_acceptsLoopbackHttp() {
        WebhookApi local = new WebhookApi(store, new AddressPolicy(true, AddressPolicy.SYSTEM), Clock.systemUTC());
        String id = WebhookHarness.newId("ep");
        var r = local.handle(AdminEvents.of("PUT", "/v1/admin/webhooks/" + id, id, "{\"url\":\"http://127.0.0.1:9/hook\",\"scope\":\"user:u\"}"));
        assertThat(r.getStatusCode()).isEqualTo(201);
        // still no metadata or private addresses
        var meta = local.handle(AdminEvents.of("PUT", "/v1/admin/webhooks/" + id, id, "{\"url\":\"http://169.254.169.254/\",\"scope\":\"user:u\"}"));
        assertThat(meta.getStatusCode()).isEqualTo(400);
        store.delete(id);
    }
}
