package dev.herald.email;

import static dev.herald.email.EmailFixtures.addressOf;
import static dev.herald.email.EmailFixtures.newUser;
import static dev.herald.email.HttpApiEvents.jwt;
import static dev.herald.email.HttpApiEvents.request;
import static dev.herald.email.HttpApiEvents.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import dev.herald.common.auth.JwtVerifier;
import dev.herald.common.json.Json;
import dev.herald.common.store.DynamoDbEmailSubscriptionStore;
import dev.herald.common.store.EmailSubscriptionStore;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.topology.HeraldTopology;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Requests the subscription API refuses before it changes anything: bad bearer tokens, bad bodies, unknown routes. */
class SubscriptionRequestsIT {
    private static final LocalEngines ENGINES = LocalEngines.get();
    private static SesStub ses;
    private static SubscriptionHandler handler;

    private final EmailSubscriptionStore store = new DynamoDbEmailSubscriptionStore(ENGINES.dynamo(), HeraldTopology.TABLE_EMAIL_SUBSCRIPTIONS);

    @BeforeAll
    static void start() throws Exception {
        ses = new SesStub();
        handler = new SubscriptionHandler(SubscriptionHandlerIT.CONFIG, ENGINES.dynamo(), ses.client(),
                JwtVerifier.hs256(HttpApiEvents.JWT_SECRET, HttpApiEvents.ISSUER, HttpApiEvents.AUDIENCE), TestSettings.settings(),
                Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        ses.close();
    }

    private APIGatewayV2HTTPResponse call(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, null);
    }

    private static String message(APIGatewayV2HTTPResponse r) {
        return Json.tree(r.getBody()).path("message").asText();
    }

    @Test
    void subscribe_withBadBearerToken_is401() {
        String user = newUser();
        Instant hour = Instant.now().plus(Duration.ofHours(1));
        String[] bad = {
                jwt(user, HttpApiEvents.ISSUER, HttpApiEvents.AUDIENCE, hour, "forged-forged-forged-forged-forged-!!".getBytes()),
                jwt(user, HttpApiEvents.ISSUER, HttpApiEvents.AUDIENCE, Instant.now().minus(Duration.ofHours(1)), HttpApiEvents.JWT_SECRET),
                jwt(user, HttpApiEvents.ISSUER, "another-api", hour, HttpApiEvents.JWT_SECRET),
                jwt(user, "https://evil.example.com/", HttpApiEvents.AUDIENCE, hour, HttpApiEvents.JWT_SECRET),
                new PlainJWT(new JWTClaimsSet.Builder().subject(user).issuer(HttpApiEvents.ISSUER).audience(HttpApiEvents.AUDIENCE)
                        .expirationTime(Date.from(hour)).build()).serialize(),
                "not-a-jwt"};
        for (String token : bad) {
            APIGatewayV2HTTPResponse r = call(subscribe("{\"address\": \"" + addressOf(user) + "\"}", token));
            assertThat(r.getStatusCode()).as(token).isEqualTo(401);
            assertThat(message(r)).contains("bearer token");
        }
        assertThat(call(subscribe("{\"address\": \"" + addressOf(user) + "\"}", null)).getStatusCode()).isEqualTo(401);
        assertThat(store.find(user)).isEmpty();
        assertThat(ses.sentTo(addressOf(user))).isEmpty();
    }

    @Test
    void subscribe_withMalformedAddressOrBody_is400NamingTheField() {
        String user = newUser();
        Map<String, String> cases = Map.of(
                "{\"address\": \"not-an-address\"}", "field 'address' is not a valid email address",
                "{\"address\": \"" + addressOf(user) + "\\r\\nBcc: eve@example.com\"}", "field 'address' is not a valid email address: it contains a line break",
                "{\"address\": \"" + "a".repeat(250) + "@example.com\"}", "field 'address' is not a valid email address: it has 262 characters",
                "{\"email\": \"" + addressOf(user) + "\"}", "field 'address' is required",
                "{\"address\": 42}", "field 'address' is required",
                "[\"" + addressOf(user) + "\"]", "the body must be a JSON object",
                "address=" + addressOf(user), "the body is not JSON");
        cases.forEach((body, expected) -> {
            APIGatewayV2HTTPResponse r = call(subscribe(body, jwt(user)));
            assertThat(r.getStatusCode()).as(body).isEqualTo(400);
            assertThat(message(r)).as(body).startsWith(expected);
        });
        assertThat(store.find(user)).isEmpty();
    }

    @Test
    void unknownRoute_is404NamingTheRoutes() {
        APIGatewayV2HTTPResponse r = call(request("GET", "/v1/subscriptions/email", Map.of(), null, jwt(newUser()), null));
        assertThat(r.getStatusCode()).isEqualTo(404);
        assertThat(message(r)).contains("/v1/subscriptions/email/confirm (GET)");
    }
}
