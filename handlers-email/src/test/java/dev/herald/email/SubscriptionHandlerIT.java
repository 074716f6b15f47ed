package dev.herald.email;

import static dev.herald.email.EmailFixtures.addressOf;
import static dev.herald.email.EmailFixtures.newUser;
import static dev.herald.email.HttpApiEvents.jwt;
import static dev.herald.email.HttpApiEvents.request;
import static dev.herald.email.HttpApiEvents.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.auth.JwtVerifier;
import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.json.Json;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.store.DynamoDbEmailSubscriptionStore;
import dev.herald.common.store.EmailSubscriptionStore;
import dev.herald.common.store.EmailSubscriptionStore.EmailSubscription;
import dev.herald.common.store.EmailSubscriptionStore.Status;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.topology.HeraldTopology;
import java.time.Clock;
import java.util.List;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SubscriptionHandlerIT {
    private static final LocalEngines ENGINES = LocalEngines.get();
    private static final Pattern CONFIRM_LINK = Pattern.compile("https://api\\.example\\.com/v1/subscriptions/email/confirm\\?token=([A-Za-z0-9._-]+)");
    static final SubscriptionConfig CONFIG = new SubscriptionConfig(HeraldTopology.TABLE_EMAIL_SUBSCRIPTIONS, "herald/jwt", "herald/email-tokens",
            List.of(HttpApiEvents.AUDIENCE));
    private static SesStub ses;
    private static SubscriptionHandler handler;

    private final EmailSubscriptionStore store = new DynamoDbEmailSubscriptionStore(ENGINES.dynamo(), HeraldTopology.TABLE_EMAIL_SUBSCRIPTIONS);
    private final EmailTokens tokens = TestSettings.settings().tokens();

    @BeforeAll
    static void start() throws Exception {
        ses = new SesStub();
        handler = handler(Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        ses.close();
    }

    static SubscriptionHandler handler(Clock clock) {
        return new SubscriptionHandler(CONFIG, ENGINES.dynamo(), ses.client(),
                JwtVerifier.hs256(HttpApiEvents.JWT_SECRET, HttpApiEvents.ISSUER, HttpApiEvents.AUDIENCE), TestSettings.settings(clock), clock);
    }

    private APIGatewayV2HTTPResponse call(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, null);
    }

    private static APIGatewayV2HTTPEvent link(String method, String action, String token, String body) {
        return request(method, "/v1/subscriptions/email/" + action, token == null ? Map.of() : Map.of("token", token), body, null,
                body == null ? null : "application/x-www-form-urlencoded");
    }

    private static String message(APIGatewayV2HTTPResponse r) {
        return Json.tree(r.getBody()).path("message").asText();
    }

    private EmailSubscription subscribedAndConfirmed(String user) {
        EmailSubscription sub = EmailFixtures.subscription(user, Status.CONFIRMED);
        store.put(sub);
        return sub;
    }

    @Test
    void subscribe_confirm_thenOneClickUnsubscribeFromANotification_walksTheWholeLifecycle() throws Exception {
        String user = newUser();
        String address = addressOf(user);

        APIGatewayV2HTTPResponse subscribed = call(subscribe("{\"address\": \"" + address + "\"}", jwt(user)));

        assertThat(subscribed.getStatusCode()).isEqualTo(202);
        assertThat(Json.tree(subscribed.getBody()).path("status").asText()).isEqualTo("pending");
        EmailSubscription pending = store.find(user).orElseThrow();
        assertThat(pending.status()).isEqualTo(Status.PENDING);
        assertThat(pending.address()).isEqualTo(address);
        assertThat(pending.unsubscribeToken()).hasSize(32);
        JsonNode confirmation = ses.sentTo(address).get(0);
        Matcher link = CONFIRM_LINK.matcher(confirmation.at("/Content/Simple/Body/Text/Data").asText());
        assertThat(link.find()).isTrue();
        assertThat(confirmation.at("/Content/Simple/Body/Html/Data").asText()).contains(link.group());

        APIGatewayV2HTTPResponse confirmed = call(link("GET", "confirm", link.group(1), null));

        assertThat(confirmed.getStatusCode()).isEqualTo(200);
        assertThat(confirmed.getHeaders()).containsEntry("content-type", "text/html; charset=utf-8").containsEntry("referrer-policy", "no-referrer");
        assertThat(confirmed.getBody()).contains("Email address confirmed");
        assertThat(store.find(user).orElseThrow().status()).isEqualTo(Status.CONFIRMED);
        assertThat(store.find(user).orElseThrow().confirmedAt()).isNotNull();
        assertThat(call(link("GET", "confirm", link.group(1), null)).getStatusCode()).isEqualTo(200);

        // a notification now reaches the address, with a one-click unsubscribe link
        try (SesStub notifications = new SesStub()) {
            var ledger = new DynamoDbDeliveryLedger(ENGINES.dynamo(), HeraldTopology.TABLE_DELIVERIES);
            ChannelMessage m = EmailFixtures.message(user);
            EmailDeliveryHandlerIT.handler(notifications).handleRequest(EmailFixtures.sqs(m), null);
            assertThat(ledger.find(m.deliveryId()).orElseThrow().status()).isEqualTo(DeliveryStatus.SENT);
            String header = EmailDeliveryHandlerIT.headers(notifications.sentTo(address).get(0).at("/Content/Simple")).get("List-Unsubscribe");
            String token = header.replaceAll(".*token=([^>]+)>", "$1");

            APIGatewayV2HTTPResponse unsubscribed = call(link("POST", "unsubscribe", token, "List-Unsubscribe=One-Click"));

            assertThat(unsubscribed.getStatusCode()).isEqualTo(200);
            assertThat(store.find(user).orElseThrow().status()).isEqualTo(Status.UNSUBSCRIBED);
            assertThat(call(link("POST", "unsubscribe", token, "List-Unsubscribe=One-Click")).getStatusCode()).isEqualTo(200);
            ChannelMessage later = EmailFixtures.message(user);
            EmailDeliveryHandlerIT.handler(notifications).handleRequest(EmailFixtures.sqs(later), null);
            assertThat(ledger.find(later.deliveryId()).orElseThrow().status()).isEqualTo(DeliveryStatus.SKIPPED);
            assertThat(notifications.sentTo(address)).hasSize(1);
        }
        // an old confirmation link cannot undo the unsubscribe
        assertThat(call(link("GET", "confirm", link.group(1), null)).getStatusCode()).isEqualTo(410);
    }

    @Test
    void unsubscribe_byGet_unsubscribes() {
        EmailSubscription sub = subscribedAndConfirmed(newUser());
        String token = tokens.issue(EmailTokens.Purpose.UNSUBSCRIBE, sub.userId(), sub.address(), sub.unsubscribeToken());

        APIGatewayV2HTTPResponse r = call(link("GET", "unsubscribe", token, null));

        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(r.getBody()).contains("Unsubscribed");
        assertThat(store.find(sub.userId()).orElseThrow().status()).isEqualTo(Status.UNSUBSCRIBED);
    }

    @Test
    void oneClickPost_withoutItsBody_isRefusedAndChangesNothing() {
        EmailSubscription sub = subscribedAndConfirmed(newUser());
        String token = tokens.issue(EmailTokens.Purpose.UNSUBSCRIBE, sub.userId(), sub.address(), sub.unsubscribeToken());

        APIGatewayV2HTTPResponse r = call(link("POST", "unsubscribe", token, "something=else"));

        assertThat(r.getStatusCode()).isEqualTo(400);
        assertThat(message(r)).contains("List-Unsubscribe=One-Click");
        assertThat(store.find(sub.userId()).orElseThrow().status()).isEqualTo(Status.CONFIRMED);
    }

    @Test
    void confirm_withForgedOrMalformedToken_is400() {
        String user = newUser();
        store.put(EmailFixtures.subscription(user, Status.PENDING));
        String genuine = tokens.issue(EmailTokens.Purpose.CONFIRM, user, addressOf(user), "nonce-" + user);
        EmailTokens otherKey = new EmailTokens("a-different-key-a-different-key-!!".getBytes(), Clock.systemUTC());
        String forged = otherKey.issue(EmailTokens.Purpose.CONFIRM, user, addressOf(user), "nonce-" + user);

        for (String bad : new String[] {forged, genuine.substring(0, genuine.length() - 3), "v1.abc.def", "nonsense"}) {
            APIGatewayV2HTTPResponse r = call(link("GET", "confirm", bad, null));
            assertThat(r.getStatusCode()).as(bad).isEqualTo(400);
            assertThat(message(r)).startsWith("this confirmation link is not valid");
        }
        APIGatewayV2HTTPResponse missing = call(link("GET", "confirm", null, null));
        assertThat(missing.getStatusCode()).isEqualTo(400);
        assertThat(message(missing)).contains("'token' is required");
        assertThat(store.find(user).orElseThrow().status()).isEqualTo(Status.PENDING);
    }

    @Test
    void confirm_withUnsubscribeToken_is400() {
        EmailSubscription sub = EmailFixtures.subscription(newUser(), Status.PENDING);
        store.put(sub);
        String token = tokens.issue(EmailTokens.Purpose.UNSUBSCRIBE, sub.userId(), sub.address(), sub.unsubscribeToken());

        APIGatewayV2HTTPResponse r = call(link("GET", "confirm", token, null));

        assertThat(r.getStatusCode()).isEqualTo(400);
        assertThat(message(r)).contains("for unsubscribe, not confirm");
        assertThat(store.find(sub.userId()).orElseThrow().status()).isEqualTo(Status.PENDING);
    }

    @Test
    void confirm_withExpiredToken_is410() {
        EmailSubscription sub = EmailFixtures.subscription(newUser(), Status.PENDING);
        store.put(sub);
        String token = tokens.issue(EmailTokens.Purpose.CONFIRM, sub.userId(), sub.address(), sub.unsubscribeToken());
        SubscriptionHandler eightDaysLater = handler(Clock.offset(Clock.systemUTC(), Duration.ofDays(8)));

        APIGatewayV2HTTPResponse r = eightDaysLater.handleRequest(link("GET", "confirm", token, null), null);

        assertThat(r.getStatusCode()).isEqualTo(410);
        assertThat(message(r)).contains("expired").contains("subscribe again");
        assertThat(store.find(sub.userId()).orElseThrow().status()).isEqualTo(Status.PENDING);
    }

    @Test
    void confirm_whenNoSubscription_is404() {
        String user = newUser();
        String token = tokens.issue(EmailTokens.Purpose.CONFIRM, user, addressOf(user), null);

        APIGatewayV2HTTPResponse r = call(link("GET", "confirm", token, null));

        assertThat(r.getStatusCode()).isEqualTo(404);
        assertThat(message(r)).contains("no email subscription");
    }

    @Test
    void linksForAnEarlierAddress_are410() {
        String user = newUser();
        EmailSubscription fixture = EmailFixtures.subscription(user, Status.PENDING);
        Instant earlier = Instant.now().minus(SubscribeAction.RESEND_INTERVAL.multipliedBy(2)); // its confirmation was sent long enough ago
        EmailSubscription old = new EmailSubscription(user, fixture.address(), Status.PENDING, fixture.unsubscribeToken(), earlier, null, earlier);
        store.put(old);
        String confirmOld = tokens.issue(EmailTokens.Purpose.CONFIRM, user, old.address(), old.unsubscribeToken());
        String unsubscribeOld = tokens.issue(EmailTokens.Purpose.UNSUBSCRIBE, user, old.address(), old.unsubscribeToken());
        assertThat(call(subscribe("{\"address\": \"new-" + old.address() + "\"}", jwt(user))).getStatusCode()).isEqualTo(202);

        assertThat(call(link("GET", "confirm", confirmOld, null)).getStatusCode()).isEqualTo(410);
        assertThat(call(link("POST", "unsubscribe", unsubscribeOld, "List-Unsubscribe=One-Click")).getStatusCode()).isEqualTo(410);
        assertThat(store.find(user).orElseThrow().status()).isEqualTo(Status.PENDING);
        assertThat(store.find(user).orElseThrow().unsubscribeToken()).isEqualTo(old.unsubscribeToken());
    }

    @Test
    void subscribe_whenAddressAlreadyConfirmed_is200AndSendsNothing() {
        EmailSubscription sub = subscribedAndConfirmed(newUser());

        APIGatewayV2HTTPResponse r = call(subscribe("{\"address\": \"" + sub.address().toUpperCase() + "\"}", jwt(sub.userId())));

        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(Json.tree(r.getBody()).path("status").asText()).isEqualTo("confirmed");
        assertThat(ses.sentTo(sub.address())).isEmpty();
    }

    @Test
    void subscribe_againWithinAMinute_is429WithRetryAfter() {
        String user = newUser();
        String body = "{\"address\": \"" + addressOf(user) + "\"}";
        assertThat(call(subscribe(body, jwt(user))).getStatusCode()).isEqualTo(202);

        APIGatewayV2HTTPResponse again = call(subscribe(body, jwt(user)));

        assertThat(again.getStatusCode()).isEqualTo(429);
        assertThat(again.getHeaders()).containsKey("retry-after");
        assertThat(ses.sentTo(addressOf(user))).hasSize(1);
        SubscriptionHandler twoMinutesLater = handler(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(2)));
        assertThat(twoMinutesLater.handleRequest(subscribe(body, jwt(user)), null).getStatusCode()).isEqualTo(202);
        assertThat(ses.sentTo(addressOf(user))).hasSize(2);
    }

    @Test
    void subscribe_alternatingAddressesWithinAMinute_is429_oneEmailPerUser() {
        String user = newUser();
        String a = "a-" + addressOf(user);
        String b = "b-" + addressOf(user);

        List<Integer> statuses = new java.util.ArrayList<>();
        for (String address : List.of(a, b, a, b)) {
            statuses.add(call(subscribe("{\"address\": \"" + address + "\"}", jwt(user))).getStatusCode());
        }

        assertThat(statuses).containsExactly(202, 429, 429, 429);
        assertThat(ses.sentTo(a)).hasSize(1);
        assertThat(ses.sentTo(b)).isEmpty();
        assertThat(store.find(user).orElseThrow().address()).isEqualTo(a);
    }

    @Test
    void subscribe_whenSesThrottles_is503AndLeavesTheSubscriptionAsItWas() {
        EmailSubscription sub = subscribedAndConfirmed(newUser());
        String newAddress = "other-" + sub.address();
        ses.throttle(newAddress);

        APIGatewayV2HTTPResponse r = call(subscribe("{\"address\": \"" + newAddress + "\"}", jwt(sub.userId())));

        assertThat(r.getStatusCode()).isEqualTo(503);
        assertThat(message(r)).contains("TooManyRequestsException").contains("try again");
        assertThat(store.find(sub.userId()).orElseThrow().address()).isEqualTo(sub.address());
        assertThat(store.find(sub.userId()).orElseThrow().status()).isEqualTo(Status.CONFIRMED);
    }
}
