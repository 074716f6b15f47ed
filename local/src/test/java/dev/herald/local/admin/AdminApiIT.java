package dev.herald.local.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.json.Json;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.common.topology.HttpApiSpec.HttpRoute;
import dev.herald.local.LocalRuntime;
import dev.herald.local.pipeline.PipelineRuntime;
import dev.herald.local.testing.WebSocketTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The admin API on {@code herald up} with a real HTTP client: CRUD of routes, templates and profiles with an operator's
 * token, 400s with problems field by field, 403 for end-user and producer tokens on every admin path, and a route and a
 * template put through the API used by the next event.
 */
class AdminApiIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private final LocalRuntime runtime = PipelineRuntime.get();
    private final String admin = runtime.adminToken("ops");

    private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(runtime.edgeEndpoint() + path)).header("authorization", "Bearer " + token)
                .header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> fields(HttpResponse<String> r) {
        return Json.tree(r.body()).path("problems").findValuesAsText("field");
    }

    @Test
    void everyAdminPath_refusesEndUserAndProducerTokens() throws Exception {
        List<HttpRoute> adminRoutes = HeraldTopology.standard().httpApi().routes().stream()
                .filter(r -> r.path().startsWith("/v1/admin/")).toList();
        assertThat(adminRoutes).hasSizeGreaterThanOrEqualTo(11);
        for (String token : List.of(runtime.tokenFor("user-1"), runtime.producerToken("shop", true))) {
            for (HttpRoute route : adminRoutes) {
                String path = route.path().replaceAll("\\{[^}]+}", "x");
                HttpResponse<String> r = call(route.method(), path, token, route.method().equals("GET") || route.method().equals("DELETE") ? null : "{}");
                assertThat(r.statusCode()).as(route.method() + " " + path).isEqualTo(403);
            }
        }
        assertThat(call("GET", "/v1/admin/routes", admin, null).statusCode()).isEqualTo(200);
    }

    @Test
    void routes_putGetListTestDelete() throws Exception {
        String id = "it-route-" + UUID.randomUUID().toString().substring(0, 8);
        String route = "{\"pattern\":{\"detail-type\":[\"" + id + "\"]},\"channels\":[\"websocket\"]}";

        HttpResponse<String> put = call("PUT", "/v1/admin/routes/" + id, admin, route);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(Json.tree(call("GET", "/v1/admin/routes/" + id, admin, null).body()).path("name").asText()).isEqualTo(id);
        assertThat(call("GET", "/v1/admin/routes", admin, null).body()).contains("\"" + id + "\"");
        String event = Json.write(Map.of("version", "0", "id", "t-1", "detail-type", id, "source", "shop", "account", "1",
                "time", "2026-12-07T05:00:00Z", "region", "eu-west-1", "resources", List.of(), "detail", Map.of("recipients", List.of("u"))));
        assertThat(Json.tree(call("POST", "/v1/admin/routes/test", admin, event).body()).path("matches").toString()).isEqualTo("[\"" + id + "\"]");

        assertThat(call("DELETE", "/v1/admin/routes/" + id, admin, null).statusCode()).isEqualTo(204);
        assertThat(call("GET", "/v1/admin/routes/" + id, admin, null).statusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/v1/admin/routes/" + id, admin, null).statusCode()).isEqualTo(404);
    }

    @Test
    void routes_putWithSteps_isStoredAsGiven_andABadStepIsRefusedWithTheRoutersReason() throws Exception {
        String id = "it-steps-" + UUID.randomUUID().toString().substring(0, 8);
        String steps = "[{\"channel\":\"websocket\"},{\"channel\":\"push\",\"after\":\"PT30S\"},{\"channel\":\"email\",\"after\":\"PT15M\"}]";

        HttpResponse<String> put = call("PUT", "/v1/admin/routes/" + id, admin, "{\"pattern\":{\"detail-type\":[\"" + id + "\"]},\"steps\":" + steps + "}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(Json.tree(call("GET", "/v1/admin/routes/" + id, admin, null).body()).path("steps")).isEqualTo(Json.tree(steps));

        HttpResponse<String> late = call("PUT", "/v1/admin/routes/" + id, admin, "{\"pattern\":{\"detail-type\":[\"" + id + "\"]},"
                + "\"steps\":[{\"channel\":\"websocket\",\"after\":\"PT5S\"}]}");
        assertThat(late.statusCode()).isEqualTo(400);
        assertThat(late.body()).contains("the first step fires at once");
        HttpResponse<String> neither = call("PUT", "/v1/admin/routes/" + id, admin, "{\"pattern\":{\"detail-type\":[\"" + id + "\"]}}");
        assertThat(fields(neither)).containsExactly("channels");
        assertThat(neither.body()).contains("or list them as \\\"steps\\\"");
        assertThat(call("DELETE", "/v1/admin/routes/" + id, admin, null).statusCode()).isEqualTo(204);
    }

    @Test
    void routes_put_refusesABadPatternWithEventRulersReasonAndEveryOtherProblem() throws Exception {
        HttpResponse<String> r = call("PUT", "/v1/admin/routes/bad", admin,
                "{\"pattern\":{\"detail-type\":\"not-an-array\"},\"channels\":[\"pigeon\"],\"template\":\"no-such-template\",\"recipients\":[\"\"]}");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(fields(r)).containsExactlyInAnyOrder("pattern", "channels[0]", "template", "recipients[0]");
        assertThat(r.body()).contains("must be an object or an array");
        assertThat(call("GET", "/v1/admin/routes/bad", admin, null).statusCode()).isEqualTo(404);
    }

    @Test
    void templates_putGetList_andRefuseOneThatDoesNotCompileWithItsLine() throws Exception {
        String id = "it-tpl-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> put = call("PUT", "/v1/admin/templates/" + id + "/en", admin, "{\"title\":\"Hi {{displayName}}\",\"body\":\"Order {{orderId}}\"}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(Json.tree(call("GET", "/v1/admin/templates/" + id + "/en", admin, null).body()).path("title").asText()).isEqualTo("Hi {{displayName}}");
        assertThat(call("GET", "/v1/admin/templates", admin, null).body()).contains(id);

        HttpResponse<String> broken = call("PUT", "/v1/admin/templates/" + id + "/fr", admin, "{\"title\":\"ok\",\"body\":\"line one\\n{{#items}} never closed\"}");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(fields(broken)).containsExactly("body");
        assertThat(broken.body()).contains("line 2");
        assertThat(call("GET", "/v1/admin/templates/" + id + "/fr", admin, null).statusCode()).isEqualTo(404);
    }

    @Test
    void templates_preview_rendersWithSampleDataAndAProfile() throws Exception {
        String id = "it-prev-" + UUID.randomUUID().toString().substring(0, 8);
        call("PUT", "/v1/admin/templates/" + id + "/en", admin, "{\"title\":\"Hi {{displayName}}\",\"body\":\"Order {{orderId}}\"}");
        call("PUT", "/v1/admin/templates/" + id + "/fr", admin, "{\"title\":\"Salut {{displayName}}\",\"body\":\"Commande {{orderId}}\"}");

        HttpResponse<String> r = call("POST", "/v1/admin/templates/" + id + "/preview", admin,
                "{\"data\":{\"orderId\":\"A-1\"},\"profile\":{\"displayName\":\"Ada\",\"locale\":\"fr\"}}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode ws = Json.tree(r.body()).path("content").path("websocket");
        assertThat(ws.path("title").asText()).isEqualTo("Salut Ada");
        assertThat(ws.path("body").asText()).isEqualTo("Commande A-1");
        HttpResponse<String> missing = call("POST", "/v1/admin/templates/" + id + "/preview", admin, "{\"data\":{},\"profile\":{\"displayName\":\"Ada\"}}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("orderId");
    }

    @Test
    void profiles_putGet_andFieldByFieldProblems() throws Exception {
        String user = "it-user-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> put = call("PUT", "/v1/admin/profiles/" + user, admin,
                "{\"displayName\":\"Ada\",\"email\":\"ada@example.com\",\"locale\":\"en-GB\",\"timeZone\":\"Europe/London\"}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(Json.tree(call("GET", "/v1/admin/profiles/" + user, admin, null).body()).path("timeZone").asText()).isEqualTo("Europe/London");

        HttpResponse<String> bad = call("PUT", "/v1/admin/profiles/" + user, admin,
                "{\"email\":\"nope\",\"locale\":\"??\",\"timeZone\":\"Mars/Olympus\",\"shoeSize\":\"42\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(fields(bad)).containsExactlyInAnyOrder("email", "locale", "timeZone", "shoeSize");
    }

    @Test
    void aRouteAndATemplatePutThroughTheApi_areUsedByTheNextEvent() throws Exception {
        String id = "it-live-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(call("PUT", "/v1/admin/templates/" + id + "/en", admin,
                "{\"title\":\"Parcel {{parcel}} for {{displayName}}\",\"body\":\"It is on its way\"}").statusCode()).isEqualTo(200);
        assertThat(call("PUT", "/v1/admin/routes/" + id, admin, "{\"pattern\":{\"detail-type\":[\"" + id + "\"]},"
                + "\"channels\":[\"websocket\"],\"template\":\"" + id + "\",\"enrich\":true}").statusCode()).isEqualTo(200);
        WebSocketTestClient socket = WebSocketTestClient.connect(URI.create(runtime.webSocketEndpoint() + "?token=" + runtime.tokenFor("user-1")));
        String notificationId = id + "-n";

        HttpResponse<String> published = call("POST", "/v1/events", runtime.producerToken("shop", false), Json.write(Map.of(
                "source", "shop.parcels", "detailType", id,
                "detail", Map.of("notificationId", notificationId, "recipients", List.of("user-1"), "data", Map.of("parcel", "P-9")))));
        assertThat(published.statusCode()).as(published.body()).isLessThan(300);

        JsonNode frame = socket.awaitFrame(notificationId, PATIENCE);
        assertThat(frame.path("title").asText()).isEqualTo("Parcel P-9 for Ada Lovelace");
    }
}
