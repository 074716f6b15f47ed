package dev.herald.push;

import static dev.herald.push.PushHarness.failedIds;
import static org.assertj.core.api.Assertions.assertThat;

import com.eatthepath.pushy.apns.DeliveryPriority;
import com.eatthepath.pushy.apns.server.RejectionReason;
import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.event.Priority;
import dev.herald.common.json.Json;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.testing.LocalEngines;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Push delivery to iOS devices through Pushy's MockApnsServer (real TLS, HTTP/2) and DynamoDB Local. */
class PushDeliveryApnsIT {
    private static MockApns apns;
    private static PushPlatform apnsSender;
    private static PushHarness push;

    @BeforeAll
    static void start() throws Exception {
        apns = new MockApns();
        // built from the secret's JSON exactly as the function builds it at init
        apnsSender = PushPlatforms.apns(config("herald/apns"), id -> Json.tree(apns.secretJson()));
        push = new PushHarness(apnsSender, PushPlatform.unavailable("FCM is not configured in this test"));
    }

    @AfterAll
    static void stop() throws Exception {
        apnsSender.close();
        apns.close();
    }

    static PushDeliveryConfig config(String apnsSecretId) {
        return new PushDeliveryConfig("t", "t", "q", apnsSecretId, null, 1, 100, Duration.ofSeconds(10), 10);
    }

    @Test
    void deliver_toIosToken_pushesThroughApnsAndRecordsSent() {
        String user = PushHarness.newUser();
        String token = push.registerIos(user);
        ChannelMessage m = push.queued(user, Priority.HIGH);

        var response = push.deliver(m);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(apns.acceptedFor(token)).singleElement().satisfies(n -> {
            assertThat(n.getTopic()).isEqualTo(MockApns.TOPIC);
            assertThat(n.getPriority()).isEqualTo(DeliveryPriority.IMMEDIATE);
            assertThat(n.getCollapseId()).isEqualTo(PushPayload.collapseIdOf(m.deliveryId()).toString());
            assertThat(n.getApnsId()).isEqualTo(PushPayload.collapseIdOf(m.deliveryId()));
            var payload = Json.tree(n.getPayload());
            assertThat(payload.at("/aps/alert/title").asText()).isEqualTo("Your order has shipped");
            assertThat(payload.at("/aps/alert/body").asText()).isEqualTo("SO-10042 is on its way");
            assertThat(payload.at("/aps/thread-id").asText()).isEqualTo("orders");
            assertThat(payload.get("orderId").asText()).isEqualTo("SO-10042");
            assertThat(payload.get("deliveryId").asText()).isEqualTo(m.deliveryId());
        });
        assertThat(push.row(m).status()).isEqualTo(DeliveryStatus.SENT);
        // token-based auth from the secret: an ES256 provider JWT for its key id and team id
        String jwt = apns.authorizationFor(token).substring("bearer ".length());
        var header = Json.tree(new String(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[0])));
        var claims = Json.tree(new String(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1])));
        assertThat(header.get("alg").asText()).isEqualTo("ES256");
        assertThat(header.get("kid").asText()).isEqualTo(MockApns.KEY_ID);
        assertThat(claims.get("iss").asText()).isEqualTo(MockApns.TEAM_ID);
    }

    @Test
    void deliver_withNormalPriority_usesApnsPriority5() {
        String user = PushHarness.newUser();
        String token = push.registerIos(user);

        push.deliver(push.queued(user, Priority.NORMAL));

        assertThat(apns.acceptedFor(token)).singleElement().extracting(n -> n.getPriority()).isEqualTo(DeliveryPriority.CONSERVE_POWER);
    }

    @Test
    void deliver_whenApnsSaysBadDeviceToken_deletesTokenAndRejects() {
        String user = PushHarness.newUser();
        String token = push.registerIos(user);
        apns.reject(token, RejectionReason.BAD_DEVICE_TOKEN);
        ChannelMessage m = push.queued(user);

        var response = push.deliver(m);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(push.hasToken(user, token)).isFalse();
        assertThat(push.row(m).status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(push.row(m).reason()).contains("BadDeviceToken").contains("token removed");
    }

    @Test
    void deliver_whenApnsSaysUnregistered_deletesTokenAndRejects() {
        String user = PushHarness.newUser();
        String token = push.registerIos(user);
        apns.unregister(token, Instant.now().plusSeconds(1));
        ChannelMessage m = push.queued(user);

        var response = push.deliver(m);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(push.hasToken(user, token)).isFalse();
        assertThat(push.row(m).status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(push.row(m).reason()).contains("Unregistered");
    }

    @Test
    void deliver_whenUnregisteredBeforeTheDeviceRegisteredAgain_keepsToken() {
        String user = PushHarness.newUser();
        String token = push.registerIos(user);
        apns.unregister(token, Instant.now().minus(Duration.ofHours(1)));
        ChannelMessage m = push.queued(user);

        push.deliver(m);

        assertThat(push.hasToken(user, token)).isTrue();
        assertThat(push.row(m).status()).isEqualTo(DeliveryStatus.REJECTED);
    }

    @Test
    void deliver_whenApnsAnswers500_failsForRetryAndKeepsToken() {
        String user = PushHarness.newUser();
        String token = push.registerIos(user);
        apns.reject(token, RejectionReason.INTERNAL_SERVER_ERROR);
        ChannelMessage m = push.queued(user);

        var response = push.deliver(m);

        assertThat(failedIds(response)).containsExactly("msg-" + m.deliveryId());
        assertThat(push.row(m).status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(push.row(m).reason()).contains("InternalServerError (500)");
        assertThat(push.hasToken(user, token)).isTrue();
    }

    @Test
    void deliver_mixedBatch_reportsExactlyTheTransientFailures() {
        Map<String, RejectionReason> script = Map.of("bad", RejectionReason.BAD_DEVICE_TOKEN, "busy", RejectionReason.TOO_MANY_REQUESTS,
                "down", RejectionReason.SERVICE_UNAVAILABLE);
        String okUser = PushHarness.newUser();
        push.registerIos(okUser);
        ChannelMessage ok = push.queued(okUser);
        ChannelMessage bad = scripted(script.get("bad"));
        ChannelMessage busy = scripted(script.get("busy"));
        ChannelMessage down = scripted(script.get("down"));
        ChannelMessage nobody = push.queued(PushHarness.newUser());

        var response = push.deliver(ok, bad, busy, down, nobody);

        assertThat(failedIds(response)).containsExactlyInAnyOrder("msg-" + busy.deliveryId(), "msg-" + down.deliveryId());
        assertThat(push.row(ok).status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(push.row(bad).status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(push.row(busy).status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(push.row(down).status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(push.row(nobody).status()).isEqualTo(DeliveryStatus.SKIPPED);
        assertThat(push.row(nobody).reason()).contains("no device tokens");
    }

    private ChannelMessage scripted(RejectionReason reason) {
        String user = PushHarness.newUser();
        apns.reject(push.registerIos(user), reason);
        return push.queued(user);
    }

    @Test
    void deliver_twoDevices_oneAcceptsOneIsDead_andTheCleanUpFails_theAcceptingDeviceIsNotPushedAgain() {
        // the device token table refusing the clean-up (DynamoDB throttling), through the real SDK client
        var failingDeletes = software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
                .endpointOverride(dev.herald.common.testing.LocalEngines.get().dynamoEndpoint()).region(dev.herald.common.testing.LocalEngines.REGION)
                .credentialsProvider(dev.herald.common.testing.LocalEngines.CREDENTIALS)
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                                                software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                        if (context.request() instanceof software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest) {
                            throw software.amazon.awssdk.core.exception.SdkClientException.create("throttled (injected)");
                        }
                    }
                })).build();
        PushHarness failingCleanUp = new PushHarness(apnsSender, PushPlatform.unavailable("FCM is not configured in this test"), failingDeletes);
        String user = PushHarness.newUser();
        String accepting = failingCleanUp.registerIos(user);
        String dead = failingCleanUp.registerIos(user);
        apns.reject(dead, RejectionReason.UNREGISTERED);
        ChannelMessage m = failingCleanUp.queued(user);

        var first = failingCleanUp.deliver(m);
        // had the delivery failed, SQS would hand the message back: the same delivery once more
        var again = failingCleanUp.deliver(m);

        assertThat(first.getBatchItemFailures()).isEmpty();
        assertThat(again.getBatchItemFailures()).isEmpty();
        assertThat(apns.receivedFor(accepting)).isEqualTo(1);
        assertThat(failingCleanUp.row(m).status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(failingCleanUp.hasToken(user, dead)).as("the token the clean-up could not remove stays").isTrue();
    }

    @Test
    void deliver_sameMessageTwice_pushesOnce() {
        String user = PushHarness.newUser();
        String token = push.registerIos(user);
        ChannelMessage m = push.queued(user);
        var event = new com.amazonaws.services.lambda.runtime.events.SQSEvent();
        // SQS at-least-once: the same body twice in one batch, then once more in a later batch
        event.setRecords(java.util.List.of(PushHarness.record(m, "copy-1"), PushHarness.record(m, "copy-2")));

        var first = push.handler.handleRequest(event, null);
        var later = push.deliver(m);

        assertThat(first.getBatchItemFailures()).isEmpty();
        assertThat(later.getBatchItemFailures()).isEmpty();
        assertThat(apns.receivedFor(token)).isEqualTo(1);
        assertThat(push.row(m).status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(push.row(m).attempts()).isEqualTo(1);
    }

    @Test
    void deliver_whenApnsIsNotConfigured_rejectsSayingWhichSecretToFill() {
        PushHarness unconfigured = new PushHarness(
                PushPlatforms.apns(config("herald/apns"), id -> Json.tree("{\"placeholder\":\"x1y2\"}")), PushPlatform.unavailable("n/a"));
        String user = PushHarness.newUser();
        String token = unconfigured.registerIos(user);
        ChannelMessage m = unconfigured.queued(user);

        var response = unconfigured.deliver(m);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(unconfigured.row(m).status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(unconfigured.row(m).reason()).contains("APNs is not configured; store the key in secret 'herald/apns'");
        assertThat(unconfigured.hasToken(user, token)).isTrue();
    }

    @Test
    void deliver_whenApnsIsUnreachable_failsForRetry() throws Exception {
        int closedPort = LocalEngines.freePort();
        String secret = Json.write(((com.fasterxml.jackson.databind.node.ObjectNode) Json.tree(apns.secretJson()))
                .put("host", "localhost:" + closedPort));
        try (PushPlatform unreachable = PushPlatforms.apns(config("herald/apns"), id -> Json.tree(secret))) {
            PushHarness harness = new PushHarness(unreachable, PushPlatform.unavailable("n/a"));
            String user = PushHarness.newUser();
            harness.registerIos(user);
            ChannelMessage m = harness.queued(user);

            var response = harness.deliver(m);

            assertThat(failedIds(response)).containsExactly("msg-" + m.deliveryId());
            assertThat(harness.row(m).status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(harness.row(m).reason()).contains("APNs unreachable");
        }
    }
}
