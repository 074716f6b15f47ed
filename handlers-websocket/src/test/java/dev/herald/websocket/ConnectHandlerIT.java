package dev.herald.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.herald.common.auth.JwtVerifier;
import dev.herald.common.store.ConnectionStore;
import dev.herald.common.store.DynamoDbConnectionStore;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.topology.HeraldTopology;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ConnectHandlerIT {
    private final ConnectionStore store = new DynamoDbConnectionStore(LocalEngines.get().dynamo(), HeraldTopology.TABLE_CONNECTIONS);
    private final ConnectHandler hs256 = handler(Tokens.hs256Verifier());

    private ConnectHandler handler(JwtVerifier verifier) {
        return new ConnectHandler(new ConnectAuthenticator(verifier), store, Clock.systemUTC());
    }

    private static String newConnectionId() {
        return UUID.randomUUID().toString().substring(0, 14) + "=";
    }

    private Map<String, AttributeValue> rawRow(String connectionId) {
        return LocalEngines.get().dynamo().getItem(r -> r.tableName(HeraldTopology.TABLE_CONNECTIONS)
                .key(Map.of("connectionId", AttributeValue.fromS(connectionId))).consistentRead(true)).item();
    }

    @Test
    void connect_withValidHs256Token_storesConnectionForSubject_withTtlTwoHoursAfterConnect() {
        String id = newConnectionId();
        long connectedAt = System.currentTimeMillis();

        APIGatewayV2WebSocketResponse response = hs256.handleRequest(WebSocketEvents.connect(id, Tokens.hs256("user-1"), connectedAt), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        Map<String, AttributeValue> row = rawRow(id);
        assertThat(row.get("userId").s()).isEqualTo("user-1");
        assertThat(Instant.parse(row.get("connectedAt").s())).isEqualTo(Instant.ofEpochMilli(connectedAt));
        assertThat(Long.parseLong(row.get("expiresAt").n())).isEqualTo(Instant.ofEpochMilli(connectedAt).plus(Duration.ofHours(2)).getEpochSecond());
        assertThat(store.forUser("user-1")).extracting(ConnectionStore.Connection::connectionId).contains(id);
    }

    @Test
    void connect_withBearerHeaderInsteadOfQuery_isAccepted() {
        String id = newConnectionId();
        var response = hs256.handleRequest(WebSocketEvents.connectWithHeader(id, Tokens.hs256("user-2"), System.currentTimeMillis()), null);
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(store.find(id)).get().extracting(ConnectionStore.Connection::userId).isEqualTo("user-2");
    }

    @Test
    void connect_withoutToken_is401_andStoresNothing() {
        assertRefused(null);
    }

    @Test
    void connect_withForgedSignature_is401_andStoresNothing() {
        assertRefused(Tokens.hs256(Tokens.claims("user-1").build(), "another-secret-that-is-32-bytes-long!!".getBytes()));
    }

    @Test
    void connect_withExpiredToken_is401_andStoresNothing() {
        Instant past = Instant.now().minus(Duration.ofMinutes(10));
        assertRefused(Tokens.hs256(Tokens.claims("user-1").issueTime(Date.from(past.minusSeconds(300)))
                .expirationTime(Date.from(past)).build(), Tokens.SECRET));
    }

    @Test
    void connect_withWrongAudience_is401_andStoresNothing() {
        assertRefused(Tokens.hs256(Tokens.claims("user-1").audience("herald-api").build(), Tokens.SECRET));
    }

    @Test
    void connect_withWrongIssuer_is401_andStoresNothing() {
        assertRefused(Tokens.hs256(Tokens.claims("user-1").issuer("https://evil.example.com/").build(), Tokens.SECRET));
    }

    @Test
    void connect_withAlgNone_is401_andStoresNothing() {
        assertRefused(Tokens.unsigned("user-1"));
    }

    @Test
    void connect_withFixtureToken_isRefused_becauseItsSignatureIsRandom() {
        String id = newConnectionId();
        String fixtureToken = dev.herald.common.json.Json.tree(dev.herald.common.testing.Fixtures.read("apigw-websocket-connect.json"))
                .at("/queryStringParameters/token").asText();
        var event = WebSocketEvents.connect(id, fixtureToken, System.currentTimeMillis());
        assertThat(hs256.handleRequest(event, null).getStatusCode()).isEqualTo(401);
        assertThat(rawRow(id)).isEmpty();
    }

    @Test
    void connect_withRs256TokenFromJwks_isAccepted_andAForeignKeyIsRefused() throws Exception {
        try (Tokens.Rs256Issuer idp = new Tokens.Rs256Issuer("herald-test-key-1");
             Tokens.Rs256Issuer stranger = new Tokens.Rs256Issuer("herald-test-key-1")) {
            ConnectHandler rs256 = handler(JwtVerifier.rs256(idp.jwksUrl(), Tokens.ISSUER, Tokens.AUDIENCE));

            String good = newConnectionId();
            assertThat(rs256.handleRequest(WebSocketEvents.connect(good, idp.sign(Tokens.claims("user-3").build()),
                    System.currentTimeMillis()), null).getStatusCode()).isEqualTo(200);
            assertThat(store.find(good)).get().extracting(ConnectionStore.Connection::userId).isEqualTo("user-3");

            // same key id, another key: the signature does not verify against the published key
            String forged = newConnectionId();
            assertThat(rs256.handleRequest(WebSocketEvents.connect(forged, stranger.sign(Tokens.claims("user-3").build()),
                    System.currentTimeMillis()), null).getStatusCode()).isEqualTo(401);
            assertThat(rawRow(forged)).isEmpty();

            // the idp's own key, but expired, for another audience, or from another issuer
            Instant past = Instant.now().minus(Duration.ofMinutes(10));
            for (var claims : java.util.List.of(
                    Tokens.claims("user-3").issueTime(Date.from(past.minusSeconds(300))).expirationTime(Date.from(past)).build(),
                    Tokens.claims("user-3").audience("herald-api").build(),
                    Tokens.claims("user-3").issuer("https://evil.example.com/").build())) {
                String refused = newConnectionId();
                assertThat(rs256.handleRequest(WebSocketEvents.connect(refused, idp.sign(claims), System.currentTimeMillis()), null)
                        .getStatusCode()).as(claims.toString()).isEqualTo(401);
                assertThat(rawRow(refused)).isEmpty();
            }
        }
    }

    private void assertRefused(String token) {
        String id = newConnectionId();
        var response = hs256.handleRequest(WebSocketEvents.connect(id, token, System.currentTimeMillis()), null);
        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(response.getBody()).contains("token");
        assertThat(rawRow(id)).isEmpty();
    }
}
