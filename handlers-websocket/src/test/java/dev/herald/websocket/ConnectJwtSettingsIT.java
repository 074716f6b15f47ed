package dev.herald.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.auth.JwtVerifier;
import dev.herald.common.aws.CachedSecret;
import dev.herald.common.http.JwtAuth;
import dev.herald.common.json.Json;
import dev.herald.common.store.ConnectionStore;
import dev.herald.common.store.DynamoDbConnectionStore;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.topology.HeraldTopology;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The JWT settings seen through {@code $connect} (ConnectHandler): the secret is read on first use, so a bad
 * configuration answers 503 with the reason instead of failing init; a JWKS endpoint that does not answer is 503
 * (the client retries), not 401; the accepted audiences are the gateway's list; a token issued in the future is
 * refused.
 */
class ConnectJwtSettingsIT {
    private static final String SECRET_ID = "herald/jwt";
    private static final List<String> GATEWAY_AUDIENCES = List.of("herald-web", Tokens.AUDIENCE);
    private final ConnectionStore store = new DynamoDbConnectionStore(LocalEngines.get().dynamo(), HeraldTopology.TABLE_CONNECTIONS);

    /** The handler as Lambda wires it, over a JWT secret holding {@code secretJson}. */
    private ConnectHandler handler(String secretJson) {
        JsonNode value = Json.tree(secretJson);
        CachedSecret<JwtVerifier> secret = new CachedSecret<>(SECRET_ID, id -> value, json -> JwtVerifier.fromConfig(json, GATEWAY_AUDIENCES),
                replaced -> {
                }, CachedSecret.DEFAULT_TTL, Clock.systemUTC());
        return new ConnectHandler(new ConnectAuthenticator(new JwtAuth(secret)), store, Clock.systemUTC());
    }

    private static String hs256Secret() {
        return "{\"issuer\":\"" + Tokens.ISSUER + "\",\"hs256Secret\":\"" + Base64.getEncoder().encodeToString(Tokens.SECRET) + "\"}";
    }

    private static String newConnectionId() {
        return UUID.randomUUID().toString().substring(0, 14) + "=";
    }

    private int connect(ConnectHandler handler, String token) {
        String id = newConnectionId();
        int status = handler.handleRequest(WebSocketEvents.connect(id, token, System.currentTimeMillis()), null).getStatusCode();
        if (status != 200) {
            assertThat(store.find(id)).as("a refused handshake stores nothing").isEmpty();
        }
        return status;
    }

    @Test
    void bothHs256SecretAndJwksUrl_is503NamingTheConflict() {
        ConnectHandler handler = handler("{\"issuer\":\"" + Tokens.ISSUER + "\",\"hs256Secret\":\""
                + Base64.getEncoder().encodeToString(Tokens.SECRET) + "\",\"jwksUrl\":\"https://auth.example.com/jwks.json\"}");

        var response = handler.handleRequest(WebSocketEvents.connect(newConnectionId(), Tokens.hs256("user-1"), System.currentTimeMillis()), null);

        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(response.getBody()).contains("both \"hs256Secret\" and \"jwksUrl\"").contains("keep exactly one")
                .contains(SECRET_ID).contains("docs/DEPLOY.md");
    }

    @Test
    void jwksEndpointDown_is503_not401() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (Tokens.Rs256Issuer idp = new Tokens.Rs256Issuer("herald-test-key-1")) {
            ConnectHandler handler = handler("{\"issuer\":\"" + Tokens.ISSUER + "\",\"jwksUrl\":\"http://127.0.0.1:" + closed + "/jwks.json\"}");
            var response = handler.handleRequest(WebSocketEvents.connect(newConnectionId(), idp.sign(Tokens.claims("user-1").build()),
                    System.currentTimeMillis()), null);

            assertThat(response.getStatusCode()).isEqualTo(503);
            assertThat(response.getBody()).contains("signing keys (jwksUrl) cannot be fetched");
        }
    }

    @Test
    void audiences_areTheGatewaysList_andAnAudienceInTheSecretThatTheGatewayRefusesIs503() {
        ConnectHandler handler = handler(hs256Secret());
        assertThat(connect(handler, Tokens.hs256(Tokens.claims("user-1").audience("herald-web").build(), Tokens.SECRET))).isEqualTo(200);
        assertThat(connect(handler, Tokens.hs256(Tokens.claims("user-1").audience(Tokens.AUDIENCE).build(), Tokens.SECRET))).isEqualTo(200);
        assertThat(connect(handler, Tokens.hs256(Tokens.claims("user-1").audience("herald-api").build(), Tokens.SECRET))).isEqualTo(401);

        ConnectHandler disagreeing = handler("{\"issuer\":\"" + Tokens.ISSUER + "\",\"audience\":\"herald-api\",\"hs256Secret\":\""
                + Base64.getEncoder().encodeToString(Tokens.SECRET) + "\"}");
        var response = disagreeing.handleRequest(WebSocketEvents.connect(newConnectionId(), Tokens.hs256("user-1"), System.currentTimeMillis()), null);
        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(response.getBody()).contains("names audience 'herald-api', which the gateway does not accept");
    }

    @Test
    void tokenIssuedInTheFuture_isRefused_withinTheClockSkewAccepted() {
        ConnectHandler handler = handler(hs256Secret());
        Instant now = Instant.now();

        String future = Tokens.hs256(Tokens.claims("user-1").issueTime(Date.from(now.plus(Duration.ofMinutes(10))))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(30)))).build(), Tokens.SECRET);
        String skewed = Tokens.hs256(Tokens.claims("user-1").issueTime(Date.from(now.plusSeconds(30))).build(), Tokens.SECRET);

        assertThat(connect(handler, future)).isEqualTo(401);
        assertThat(connect(handler, skewed)).isEqualTo(200);
    }

    @Test
    void placeholderSecret_is503NamingTheSecretAndTheDocs() {
        ConnectHandler handler = handler("{\"placeholder\":\"Xq3vG8kP2mN7rT1wY5zB9cD4fH6jL0sA\"}");

        var response = handler.handleRequest(WebSocketEvents.connect(newConnectionId(), Tokens.hs256("user-1"), System.currentTimeMillis()), null);

        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(response.getBody()).contains("secret '" + SECRET_ID + "' still holds the placeholder")
                .contains("docs/DEPLOY.md, section \"Secret values\"");
    }
}
