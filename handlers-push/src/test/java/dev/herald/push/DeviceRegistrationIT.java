package dev.herald.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.json.Json;
import dev.herald.common.lambda.LambdaJson;
import dev.herald.common.store.DeviceTokenStore;
import dev.herald.common.store.DeviceTokenStore.Platform;
import dev.herald.common.store.DynamoDbDeviceTokenStore;
import dev.herald.common.testing.Fixtures;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.topology.HeraldTopology;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The device API on the HTTP API's payload 2.0 events (the fixture, loaded as Lambda loads it), against DynamoDB Local. */
class DeviceRegistrationIT {
    private static final String FIXTURE_TOKEN = "ee7afcf5619bedca1a34ae34d0726f41a0c6621d4fcf177f5900eca9dd40dd08";
    private final DeviceTokenStore store = new DynamoDbDeviceTokenStore(LocalEngines.get().dynamo(), HeraldTopology.TABLE_DEVICE_TOKENS);
    private final DeviceRegistrationHandler handler = new DeviceRegistrationHandler(new DeviceApi(TestJwts.verifier(), store));
    private final String user = "user-" + UUID.randomUUID();

    /** The fixture event with the caller's bearer token and, if given, another body. */
    private static APIGatewayV2HTTPEvent put(String bearer, String body) {
        APIGatewayV2HTTPEvent event = LambdaJson.read(Fixtures.read("apigw-http-v2-put-device.json"), APIGatewayV2HTTPEvent.class);
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        if (bearer == null) {
            headers.remove("authorization");
        } else {
            headers.put("authorization", "Bearer " + bearer);
        }
        event.setHeaders(headers);
        if (body != null) {
            event.setBody(body);
        }
        return event;
    }

    private static APIGatewayV2HTTPEvent delete(String bearer, String token) {
        APIGatewayV2HTTPEvent event = put(bearer, null);
        event.setBody(null);
        event.setRouteKey("DELETE /v1/devices/{token}");
        event.setRawPath("/v1/devices/" + token);
        event.getRequestContext().getHttp().setMethod("DELETE");
        event.getRequestContext().getHttp().setPath("/v1/devices/" + token);
        event.setPathParameters(Map.of("token", token));
        return event;
    }

    private APIGatewayV2HTTPResponse call(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, null);
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response) {
        return Json.tree(response.getBody());
    }

    @Test
    void put_fixtureBody_registers201ThenRefreshes200() {
        APIGatewayV2HTTPResponse first = call(put(TestJwts.valid(user), null));
        APIGatewayV2HTTPResponse second = call(put(TestJwts.valid(user), null));

        assertThat(first.getStatusCode()).isEqualTo(201);
        assertThat(json(first).get("userId").asText()).isEqualTo(user);
        assertThat(json(first).get("app").asText()).isEqualTo("com.example.shop");
        assertThat(second.getStatusCode()).isEqualTo(200);
        assertThat(store.forUser(user)).singleElement().satisfies(d -> {
            assertThat(d.token()).isEqualTo(FIXTURE_TOKEN);
            assertThat(d.platform()).isEqualTo(Platform.IOS);
            assertThat(d.expiresAt()).isAfter(Instant.now().plus(Duration.ofDays(269)));
        });
    }

    @Test
    void put_androidTokenWithoutApp_registers() {
        String token = PushHarness.androidToken();

        APIGatewayV2HTTPResponse response = call(put(TestJwts.valid(user), "{\"platform\":\"android\",\"token\":\"" + token + "\"}"));

        assertThat(response.getStatusCode()).isEqualTo(201);
        assertThat(store.forUser(user)).extracting(DeviceTokenStore.DeviceToken::token).containsExactly(token);
    }

    @Test
    void put_invalidFields_answers400NamingEachFieldAndTheFix() {
        APIGatewayV2HTTPResponse response = call(put(TestJwts.valid(user), "{\"platform\":\"windows\",\"token\":42}"));

        assertThat(response.getStatusCode()).isEqualTo(400);
        JsonNode body = json(response);
        assertThat(body.get("message").asText()).isEqualTo("the device registration is invalid");
        assertThat(body.get("problems")).extracting(p -> p.get("field").asText()).containsExactlyInAnyOrder("platform", "token");
        assertThat(body.toString()).contains("use \\\"ios\\\" or \\\"android\\\"").contains("token must be a string");
        assertThat(store.forUser(user)).isEmpty();
    }

    @Test
    void put_iosWithShortTokenAndNoApp_answers400ForTokenAndApp() {
        APIGatewayV2HTTPResponse response = call(put(TestJwts.valid(user), "{\"platform\":\"ios\",\"token\":\"abc123\"}"));

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).get("problems")).extracting(p -> p.get("field").asText()).containsExactlyInAnyOrder("token", "app");
        assertThat(json(response).toString()).contains("64 to 200 hexadecimal characters").contains("bundle id");
    }

    @Test
    void put_malformedJson_answers400ForTheBody() {
        APIGatewayV2HTTPResponse response = call(put(TestJwts.valid(user), "{\"platform\":"));

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).at("/problems/0/field").asText()).isEqualTo("body");
    }

    @Test
    void put_namingAnotherUser_answers403AndRegistersNothing() {
        String victim = "user-" + UUID.randomUUID();
        APIGatewayV2HTTPResponse response = call(put(TestJwts.valid(user),
                "{\"userId\":\"" + victim + "\",\"platform\":\"ios\",\"token\":\"" + FIXTURE_TOKEN + "\",\"app\":\"com.example.shop\"}"));

        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(store.forUser(victim)).isEmpty();
        assertThat(store.forUser(user)).isEmpty();
    }

    @Test
    void delete_ownToken_answers204AndRemovesIt() {
        call(put(TestJwts.valid(user), null));

        APIGatewayV2HTTPResponse response = call(delete(TestJwts.valid(user), FIXTURE_TOKEN));

        assertThat(response.getStatusCode()).isEqualTo(204);
        assertThat(store.forUser(user)).isEmpty();
    }

    @Test
    void delete_anotherUsersToken_answersAsForATokenNobodyHas_andLeavesItAlone() {
        String owner = "user-" + UUID.randomUUID();
        String token = PushHarness.androidToken();
        store.register(owner, token, Platform.ANDROID, null);

        APIGatewayV2HTTPResponse response = call(delete(TestJwts.valid(user), token));
        APIGatewayV2HTTPResponse nobodys = call(delete(TestJwts.valid(user), PushHarness.androidToken()));

        assertThat(response.getStatusCode()).isEqualTo(404).isEqualTo(nobodys.getStatusCode());
        assertThat(response.getBody()).isEqualTo(nobodys.getBody()).doesNotContain(owner);
        assertThat(store.forUser(owner)).hasSize(1);
    }

    @Test
    void put_aTokenAnotherUserHolds_movesItToTheCaller_whoCanDeleteIt() {
        String earlier = "user-" + UUID.randomUUID();
        String token = PushHarness.androidToken();
        String body = "{\"platform\":\"android\",\"token\":\"" + token + "\"}";
        assertThat(call(put(TestJwts.valid(earlier), body)).getStatusCode()).isEqualTo(201);

        APIGatewayV2HTTPResponse moved = call(put(TestJwts.valid(user), body));

        assertThat(moved.getStatusCode()).isEqualTo(201);
        assertThat(store.forUser(earlier)).isEmpty();
        assertThat(store.forUser(user)).extracting(DeviceTokenStore.DeviceToken::token).containsExactly(token);
        assertThat(call(delete(TestJwts.valid(earlier), token)).getStatusCode()).isEqualTo(404);
        assertThat(call(delete(TestJwts.valid(user), token)).getStatusCode()).isEqualTo(204);
        assertThat(store.forUser(user)).isEmpty();
    }

    @Test
    void delete_tokenNobodyHas_answers404() {
        APIGatewayV2HTTPResponse response = call(delete(TestJwts.valid(user), PushHarness.androidToken()));

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(response.getBody()).contains("you have no device with this token");
    }

    static Stream<Arguments> badTokens() {
        Instant later = Instant.now().plus(Duration.ofHours(1));
        return Stream.of(
                Arguments.of("missing", null),
                Arguments.of("forged with another key", TestJwts.sign(TestJwts.OTHER_KEY, "user-x", TestJwts.AUDIENCE, later)),
                Arguments.of("expired", TestJwts.sign(TestJwts.KEY, "user-x", TestJwts.AUDIENCE, Instant.now().minus(Duration.ofHours(1)))),
                Arguments.of("for another audience", TestJwts.sign(TestJwts.KEY, "user-x", "another-api", later)),
                Arguments.of("from another issuer", TestJwts.sign(TestJwts.KEY, "user-x", "https://evil.example.com/", TestJwts.AUDIENCE, later)),
                Arguments.of("unsigned (alg none)", TestJwts.unsigned("user-x")),
                Arguments.of("the fixture's (random signature)", "eyJhbGciOiJSUzI1NiIsImtpZCI6ImhlcmFsZC10ZXN0LWtleS0xIiwidHlwIjoiSldUIn0"
                        + ".eyJzdWIiOiJ1c2VyLTEiLCJpc3MiOiJodHRwczovL2F1dGguZXhhbXBsZS5jb20vIiwiYXVkIjoiaGVyYWxkLWFwaSJ9.c2lnbmF0dXJl"));
    }

    @ParameterizedTest(name = "{0} JWT")
    @MethodSource("badTokens")
    void anyRequest_withoutAValidJwt_answers401AndChangesNothing(String what, String jwt) {
        String owner = "user-x";
        String token = PushHarness.androidToken();
        store.register(owner, token, Platform.ANDROID, null);

        APIGatewayV2HTTPResponse put = call(put(jwt, null));
        APIGatewayV2HTTPResponse delete = call(delete(jwt, token));

        assertThat(put.getStatusCode()).isEqualTo(401);
        assertThat(put.getHeaders()).containsKey("www-authenticate");
        assertThat(delete.getStatusCode()).isEqualTo(401);
        assertThat(store.forUser(owner)).extracting(DeviceTokenStore.DeviceToken::token).contains(token);
        assertThat(store.forUser(owner)).extracting(DeviceTokenStore.DeviceToken::token).doesNotContain(FIXTURE_TOKEN);
    }
}
