package dev.herald.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.common.json.Json;
import dev.herald.common.testing.Fixtures;
import dev.herald.common.topology.CorsPolicy;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.common.topology.HttpApiSpec;
import dev.herald.local.EventPublisher;
import dev.herald.local.FunctionInvoker;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpApiGatewayIT {
    private static final String ISSUER = "http://localhost/herald";
    private static final String AUDIENCE = "herald-api";
    private static final String PUT_EVENTS_PATH = "/v1/put-events";
    private static final String ALLOWED_ORIGIN = "https://app.example.com";

    private final List<String[]> invocations = new CopyOnWriteArrayList<>();
    private final List<EventPublisher.Entry> published = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final LocalJwt jwt = LocalJwt.generate(ISSUER, AUDIENCE);
    private volatile boolean functionThrows;
    private Javalin edge;

    @BeforeEach
    void start() {
        FunctionInvoker invoker = (function, payload) -> {
            invocations.add(new String[] {function, payload});
            if (functionThrows) {
                throw new FunctionInvoker.FunctionError("RuntimeException", "boom", null);
            }
            return "{\"statusCode\":201,\"headers\":{\"x-herald\":\"yes\",\"content-type\":\"application/json\"},\"body\":\"{\\\"ok\\\":true}\"}";
        };
        EventPublisher bus = entries -> {
            published.addAll(entries);
            List<EventPublisher.Result> results = new ArrayList<>();
            entries.forEach(e -> results.add(new EventPublisher.Result("evt-" + published.size(), null, null)));
            return results;
        };
        // the standard routes, plus the same ingestion body served by an EVENTBRIDGE_PUT_EVENTS route
        HttpApiSpec standard = HeraldTopology.standard().httpApi();
        List<HttpApiSpec.HttpRoute> routes = new ArrayList<>(standard.routes());
        routes.add(new HttpApiSpec.HttpRoute("POST", PUT_EVENTS_PATH, HttpApiSpec.Integration.EVENTBRIDGE_PUT_EVENTS, java.util.Optional.empty(), true));
        HttpApiSpec spec = new HttpApiSpec(standard.name(), routes);
        HttpApiGateway api = new HttpApiGateway(spec, invoker, bus, HeraldTopology.BUS, jwt, CorsPolicy.of(spec, List.of(ALLOWED_ORIGIN)));
        edge = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = "127.0.0.1";
            api.install(config);
        }).start(0);
    }

    @AfterEach
    void stop() {
        edge.stop();
    }

    private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + edge.port() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void lambdaRoute_withValidJwt_sendsPayloadV2EventWithClaimsAsStrings_andWritesFunctionAnswer() throws Exception {
        String body = "{\"platform\":\"ios\",\"token\":\"abc\",\"app\":\"com.example.shop\"}";

        HttpResponse<String> response = call("PUT", "/v1/devices?x=1&x=2", jwt.mint("user-1"), body);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("x-herald")).contains("yes");
        assertThat(response.body()).isEqualTo("{\"ok\":true}");
        assertThat(invocations).singleElement().satisfies(i -> assertThat(i[0]).isEqualTo(HeraldTopology.FN_DEVICE_REGISTRATION));
        JsonNode event = Json.tree(invocations.get(0)[1]);
        JsonNode fixture = Json.tree(Fixtures.read("apigw-http-v2-put-device.json"));
        assertThat(names(event)).containsAll(names(fixture));
        assertThat(names(event.get("requestContext"))).containsAll(names(fixture.get("requestContext")));
        assertThat(event.get("routeKey").asText()).isEqualTo("PUT /v1/devices");
        assertThat(event.get("rawPath").asText()).isEqualTo("/v1/devices");
        assertThat(event.get("rawQueryString").asText()).isEqualTo("x=1&x=2");
        assertThat(event.at("/queryStringParameters/x").asText()).isEqualTo("1,2");
        assertThat(event.at("/headers/content-type").asText()).isEqualTo("application/json");
        assertThat(event.get("body").asText()).isEqualTo(body);
        assertThat(event.get("isBase64Encoded").asBoolean()).isFalse();
        JsonNode claims = event.at("/requestContext/authorizer/jwt/claims");
        assertThat(claims.get("sub").asText()).isEqualTo("user-1");
        assertThat(claims.get("exp").isTextual()).isTrue();
        assertThat(claims.get("exp").asText()).matches("\\d+");
        assertThat(event.at("/requestContext/http/method").asText()).isEqualTo("PUT");
    }

    @Test
    void lambdaRoute_withPathParameter_passesIt() throws Exception {
        call("DELETE", "/v1/devices/tok-123", jwt.mint("user-1"), null);

        assertThat(Json.tree(invocations.get(0)[1]).at("/pathParameters/token").asText()).isEqualTo("tok-123");
    }

    @Test
    void jwtRoute_withForgedSignature_answers401AndInvokesNothing() throws Exception {
        byte[] otherSecret = new byte[32];
        new SecureRandom().nextBytes(otherSecret);
        String forged = new LocalJwt(otherSecret, ISSUER, AUDIENCE, Duration.ofHours(1)).mint("user-1");

        assertUnauthorized(call("PUT", "/v1/devices", forged, "{}"));
    }

    @Test
    void jwtRoute_withExpiredToken_answers401() throws Exception {
        String expired = sign(new JWTClaimsSet.Builder().subject("user-1").issuer(ISSUER).audience(AUDIENCE)
                .expirationTime(Date.from(Instant.now().minusSeconds(60))).build());

        assertUnauthorized(call("PUT", "/v1/devices", expired, "{}"));
    }

    @Test
    void jwtRoute_withAlgNoneToken_answers401() throws Exception {
        String unsigned = new PlainJWT(new JWTClaimsSet.Builder().subject("user-1").issuer(ISSUER).audience(AUDIENCE)
                .expirationTime(Date.from(Instant.now().plusSeconds(600))).build()).serialize();

        assertUnauthorized(call("PUT", "/v1/devices", unsigned, "{}"));
    }

    @Test
    void jwtRoute_withWrongAudience_answers401() throws Exception {
        String other = sign(new JWTClaimsSet.Builder().subject("user-1").issuer(ISSUER).audience("someone-else")
                .expirationTime(Date.from(Instant.now().plusSeconds(600))).build());

        assertUnauthorized(call("PUT", "/v1/devices", other, "{}"));
    }

    @Test
    void jwtRoute_withoutToken_answers401() throws Exception {
        assertUnauthorized(call("GET", "/v1/inbox", null, null));
    }

    @Test
    void publicRoute_needsNoToken_andGetsQueryString() throws Exception {
        HttpResponse<String> response = call("GET", "/v1/subscriptions/email/confirm?token=t-1", null, null);

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode event = Json.tree(invocations.get(0)[1]);
        assertThat(event.at("/queryStringParameters/token").asText()).isEqualTo("t-1");
        assertThat(event.at("/requestContext/authorizer").isMissingNode()).isTrue();
    }

    @Test
    void lambdaRoute_whenFunctionThrows_answers500() throws Exception {
        functionThrows = true;

        HttpResponse<String> response = call("GET", "/v1/inbox", jwt.mint("user-1"), null);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
    }

    @Test
    void postEvents_withBadDetail_answers400WithEveryProblem_andPublishesNothing() throws Exception {
        String body = "{\"source\":\"shop.orders\",\"detailType\":\"\",\"detail\":{\"recipients\":[],\"priority\":\"urgent\",\"channels\":[\"fax\"]}}";

        HttpResponse<String> response = call("POST", PUT_EVENTS_PATH, jwt.mintProducer("shop", false), body);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problems = Json.tree(response.body()).get("problems");
        List<String> fields = new ArrayList<>();
        problems.forEach(p -> fields.add(p.get("field").asText()));
        assertThat(fields).contains("detailType", "detail.recipients", "detail.priority", "detail.channels[0]");
        problems.forEach(p -> assertThat(p.get("message").asText()).isNotBlank());
        assertThat(published).isEmpty();
    }

    @Test
    void postEvents_valid_publishesToHeraldBusAndAnswersEventIds() throws Exception {
        String body = "[{\"source\":\"shop.orders\",\"detailType\":\"order.shipped\",\"detail\":{\"recipients\":[\"user-1\"],\"data\":{\"orderId\":\"A-17\"}}},"
                + "{\"source\":\"shop.deals\",\"detailType\":\"deal.started\",\"detail\":{\"recipients\":[\"topic:deals\"]}}]";

        HttpResponse<String> response = call("POST", PUT_EVENTS_PATH, jwt.mintProducer("shop", false), body);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = Json.tree(response.body());
        assertThat(answer.get("FailedEntryCount").asInt()).isZero();
        assertThat(answer.get("Entries")).hasSize(2);
        assertThat(answer.at("/Entries/0/EventId").asText()).isNotBlank();
        assertThat(published).hasSize(2);
        assertThat(published.get(0).eventBusName()).isEqualTo(HeraldTopology.BUS);
        assertThat(published.get(0).detailType()).isEqualTo("order.shipped");
        assertThat(Json.tree(published.get(0).detail()).at("/data/orderId").asText()).isEqualTo("A-17");
    }

    @Test
    void postEvents_withAnEndUsersToken_answers403NamingThePublishScope_andPublishesNothing() throws Exception {
        String body = "{\"source\":\"shop.orders\",\"detailType\":\"order.shipped\",\"detail\":{\"recipients\":[\"topic:deals\"]}}";

        HttpResponse<String> response = call("POST", "/v1/events", jwt.mint("user-1"), body);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(Json.tree(response.body()).path("message").asText()).contains(HeraldTopology.SCOPE_PUBLISH);
        assertThat(response.headers().firstValue("www-authenticate")).hasValueSatisfying(h -> assertThat(h)
                .contains("insufficient_scope").contains(HeraldTopology.SCOPE_PUBLISH));
        assertThat(invocations).isEmpty();
    }

    @Test
    void postEvents_onTheStandardTopology_invokesTheIngestionFunction() throws Exception {
        call("POST", "/v1/events", jwt.mintProducer("shop", false), "{\"source\":\"a\",\"detailType\":\"b\",\"detail\":{\"recipients\":[\"u\"]}}");

        assertThat(invocations).singleElement().satisfies(i -> assertThat(i[0]).isEqualTo(HeraldTopology.FN_INGEST));
        assertThat(published).isEmpty();
    }

    @Test
    void postEvents_criticalFromAProducerWithoutTheCriticalScope_answers403NamingIt_andPublishesNothing() throws Exception {
        String body = "[{\"source\":\"shop.orders\",\"detailType\":\"order.shipped\",\"detail\":{\"recipients\":[\"user-1\"]}},"
                + "{\"source\":\"shop.orders\",\"detailType\":\"order.shipped\",\"detail\":{\"recipients\":[\"user-1\"],\"priority\":\"critical\"}}]";

        HttpResponse<String> response = call("POST", PUT_EVENTS_PATH, jwt.mintProducer("shop", false), body);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(Json.tree(response.body()).path("message").asText()).contains(HeraldTopology.SCOPE_PUBLISH_CRITICAL).contains("[1]");
        assertThat(published).isEmpty();
    }

    @Test
    void postEvents_criticalFromAProducerWithTheCriticalScope_isPublished() throws Exception {
        String body = "{\"source\":\"shop.orders\",\"detailType\":\"order.shipped\",\"detail\":{\"recipients\":[\"user-1\"],\"priority\":\"critical\"}}";

        HttpResponse<String> response = call("POST", PUT_EVENTS_PATH, jwt.mintProducer("shop", true), body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(published).hasSize(1);
        assertThat(Json.tree(published.getFirst().detail()).path("priority").asText()).isEqualTo("critical");
    }

    @Test
    void preflight_fromAnAllowedOrigin_answers204WithTheRoutesMethodsAndHeaders_withoutAToken() throws Exception {
        HttpResponse<String> response = preflight("/v1/inbox", ALLOWED_ORIGIN);

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.headers().firstValue("access-control-allow-origin")).contains(ALLOWED_ORIGIN);
        assertThat(response.headers().firstValue("access-control-allow-methods").orElseThrow().split(","))
                .contains("GET", "POST", "PUT", "DELETE", "OPTIONS");
        assertThat(response.headers().firstValue("access-control-allow-headers").orElseThrow()).contains("authorization", "content-type");
        assertThat(response.headers().firstValue("access-control-max-age")).contains(Long.toString(CorsPolicy.MAX_AGE.toSeconds()));
        assertThat(invocations).isEmpty();
    }

    @Test
    void preflight_fromAnotherOrigin_getsNoCorsHeaders() throws Exception {
        HttpResponse<String> response = preflight("/v1/devices", "https://evil.example.net");

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.headers().firstValue("access-control-allow-origin")).isEmpty();
    }

    @Test
    void answerToAnAllowedOrigin_carriesAllowOrigin() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + edge.port() + "/v1/devices"))
                .header("Origin", ALLOWED_ORIGIN).header("Authorization", "Bearer " + jwt.mint("user-1"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("access-control-allow-origin")).contains(ALLOWED_ORIGIN);
    }

    private HttpResponse<String> preflight(String path, String origin) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + edge.port() + path))
                .header("Origin", origin).header("Access-Control-Request-Method", "GET")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void postEvents_withoutToken_answers401() throws Exception {
        assertUnauthorized(call("POST", "/v1/events", null, "{\"source\":\"a\",\"detailType\":\"b\",\"detail\":{\"recipients\":[\"u\"]}}"));
        assertThat(published).isEmpty();
    }

    private void assertUnauthorized(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
        assertThat(invocations).isEmpty();
    }

    private String sign(JWTClaimsSet claims) throws Exception {
        SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        token.sign(new MACSigner(java.util.Base64.getDecoder().decode(jwt.secretBase64())));
        return token.serialize();
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
