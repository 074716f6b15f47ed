package dev.herald.local.reliability;

import static dev.herald.local.reliability.Reliability.awaitStatus;
import static dev.herald.local.reliability.Reliability.id;
import static dev.herald.local.reliability.Reliability.newUser;
import static dev.herald.local.reliability.Reliability.publishOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.common.event.Channel;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.LedgerEntry;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.LocalRuntime;
import dev.herald.local.emulators.ApnsNotification;
import dev.herald.local.emulators.FcmMessage;
import dev.herald.local.testing.WebSocketTestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Provider faults through the whole pipeline: the emulators and the {@code @connections} API answer
 * injected errors; transient ones are retried (by the provider's SDK where it retries, then by SQS with
 * the handlers' back-off) until the provider accepts - exactly one accepted send each - and permanent
 * ones are recorded once and cleaned up (dead token removed, gone connection deleted). A delivery that
 * keeps failing ends in the channel's DLQ with its reason in the ledger.
 */
class ProviderFaultsIT {
    private static LocalRuntime runtime;

    // An APNs outage (retried for a day, circuit breaker, then the DLQ) runs on a simulated clock: ApnsOutageIT
    // (handlers-push), documented in docs/RELIABILITY.md, "Provider outages and long deferrals".
    @BeforeAll
    static void start() {
        runtime = Reliability.runtime();
    }

    private static int postFault(String json) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(runtime.edgeEndpoint() + "/dashboard/api/faults"))
                .header("Content-Type", "application/json").header(dev.herald.local.dashboard.DashboardGuard.TOKEN_HEADER, runtime.dashboardToken())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json)).build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void apns500Twice_isRetriedWithBackOff_andPushedOnce() throws Exception {
        assertApnsTransient(500, "InternalServerError");
    }

    @Test
    void apns429Twice_injectedThroughTheDashboardApi_isRetriedWithBackOff_andPushedOnce() throws Exception {
        assertApnsTransient(429, "TooManyRequests");
    }

    private void assertApnsTransient(int status, String reason) throws Exception {
        String user = newUser("apns" + status, true, false);
        String token = Reliability.iosToken(user);
        if (status == 429) {
            // the same fault, asked for over HTTP as a person trying it out would
            assertThat(postFault("{\"target\": \"apns\", \"key\": \"" + token + "\", \"status\": 429, \"times\": 2}")).isEqualTo(204);
            assertThat(postFault("{\"target\": \"apns\", \"key\": \"" + token + "\", \"status\": 418}")).isEqualTo(400);
            assertThat(runtime.apns().faults().remaining(token)).isEqualTo(2);
        } else {
            runtime.apns().faults().inject(token, status, 2);
        }
        String n = "rel-apns" + status + "-" + UUID.randomUUID();
        publishOrder(n, List.of(user), List.of("push"));

        LedgerEntry row = awaitStatus(id(n, Channel.PUSH, user), DeliveryStatus.SENT);
        List<ApnsNotification> seen = runtime.apns().received().stream().filter(a -> a.token().equals(token)).toList();
        assertThat(seen).extracting(ApnsNotification::rejection).containsExactly(reason, reason, null);
        assertThat(row.attempts()).isEqualTo(3);
        assertThat(Reliability.tokensOf(user)).contains(token);
        Report.row("Provider: APNs " + status + " x2", "2 x " + status + " " + reason + " for one token",
                "2 retries, 1 push accepted, ledger sent", "APNs requests " + seen.size() + " (accepted 1), ledger " + row.status().wireName()
                        + " attempts " + row.attempts(), status == 429 ? "ProviderFaultsIT.apns429Twice_injectedThroughTheDashboardApi_isRetriedWithBackOff_andPushedOnce" : "ProviderFaultsIT.apns500Twice_isRetriedWithBackOff_andPushedOnce");
    }

    @Test
    void apnsBadDeviceToken_isRejectedOnce_andTheTokenRemoved() {
        String user = newUser("apns-bad", true, false);
        String token = Reliability.iosToken(user);
        runtime.apns().rejectToken(token);

        assertRejectedOnce_andTheTokenRemoved("APNs", 400, "BadDeviceToken", user, token,
                () -> runtime.apns().received().stream().filter(a -> a.token().equals(token)).count(),
                "ProviderFaultsIT.apnsBadDeviceToken_isRejectedOnce_andTheTokenRemoved");
    }

    @Test
    void fcmUnavailable_isRetriedBySdkThenSqs_andSentOnce() {
        String user = newUser("fcm503", false, true);
        String token = Reliability.androidToken(user);
        // firebase-admin makes 5 calls per send (4 retries of a 503): 7 faults outlast the first receive
        runtime.fcm().faults().inject(token, "UNAVAILABLE", 7);
        String n = "rel-fcm503-" + UUID.randomUUID();
        publishOrder(n, List.of(user), List.of("push"));

        LedgerEntry row = awaitStatus(id(n, Channel.PUSH, user), DeliveryStatus.SENT);
        List<FcmMessage> seen = runtime.fcm().received().stream().filter(m -> token.equals(m.token())).toList();
        assertThat(seen.stream().filter(FcmMessage::accepted)).hasSize(1);
        assertThat(runtime.fcm().faults().served(token)).isEqualTo(7);
        assertThat(row.attempts()).isGreaterThanOrEqualTo(2);
        assertThat(Reliability.tokensOf(user)).contains(token);
        Report.row("Provider: FCM UNAVAILABLE x7", "7 x 503 UNAVAILABLE for one token", "SDK retries, then SQS retry; 1 message accepted",
                "FCM requests " + seen.size() + " (accepted 1), ledger sent attempts " + row.attempts(),
                "ProviderFaultsIT.fcmUnavailable_isRetriedBySdkThenSqs_andSentOnce");
    }

    @Test
    void fcmUnregistered_isRejectedOnce_andTheTokenRemoved() {
        String user = newUser("fcm-gone", false, true);
        String token = Reliability.androidToken(user);
        runtime.fcm().rejectToken(token);

        assertRejectedOnce_andTheTokenRemoved("FCM", 404, "UNREGISTERED", user, token,
                () -> runtime.fcm().received().stream().filter(m -> token.equals(m.token())).count(),
                "ProviderFaultsIT.fcmUnregistered_isRejectedOnce_andTheTokenRemoved");
    }

    /**
     * A push to {@code token}, which the provider rejects permanently with {@code reason}: one request (no retry), the
     * delivery rejected once with the reason in the ledger, and the dead token deleted.
     */
    private static void assertRejectedOnce_andTheTokenRemoved(String provider, int status, String reason, String user, String token,
            LongSupplier requestsForToken, String test) {
        String n = "rel-" + provider.toLowerCase(java.util.Locale.ROOT) + "-" + reason + "-" + UUID.randomUUID();
        publishOrder(n, List.of(user), List.of("push"));

        LedgerEntry row = awaitStatus(id(n, Channel.PUSH, user), DeliveryStatus.REJECTED);
        assertThat(row.reason()).contains(reason);
        assertThat(row.attempts()).isEqualTo(1);
        await().atMost(Reliability.PATIENCE).until(() -> !Reliability.tokensOf(user).contains(token));
        long requests = requestsForToken.getAsLong();
        assertThat(requests).isEqualTo(1);
        Report.row("Provider: " + provider + " " + reason, status + " " + reason + " for one token", "rejected once, token deleted, no retry",
                provider + " requests " + requests + ", ledger rejected attempts " + row.attempts() + ", token deleted", test);
    }

    @Test
    void sesThrottling_isRetriedBySdkThenSqs_andSentOnce() {
        String user = newUser("ses429");
        String address = Reliability.email(user);
        // the SDK makes 3 calls per send (standard retry mode): 4 throttles outlast the first receive
        runtime.ses().faults().inject(address, "TooManyRequestsException", 4);
        String n = "rel-ses429-" + UUID.randomUUID();
        publishOrder(n, List.of(user), List.of("email"));

        LedgerEntry row = awaitStatus(id(n, Channel.EMAIL, user), DeliveryStatus.SENT);
        assertThat(runtime.ses().sentTo(address)).hasSize(1);
        assertThat(runtime.ses().faults().served(address)).isEqualTo(4);
        assertThat(row.attempts()).isGreaterThanOrEqualTo(2);
        Report.row("Provider: SES throttling x4", "4 x 429 TooManyRequestsException for one address", "SDK retries, then SQS retry; 1 email",
                "SES throttled 4, emails sent 1, ledger sent attempts " + row.attempts(),
                "ProviderFaultsIT.sesThrottling_isRetriedBySdkThenSqs_andSentOnce");
    }

    @Test
    void connectionsApi500_isRetried_andTheFrameArrivesOnce() throws Exception {
        String user = newUser("mgmt500");
        WebSocketTestClient socket = Reliability.connect(user);
        await().atMost(Reliability.PATIENCE).until(() -> !Reliability.connectionsOf(user).isEmpty());
        String connection = Reliability.connectionsOf(user).getFirst();
        // the SDK makes 3 calls per post: 4 faults outlast the first receive
        runtime.webSocketGateway().managementFaults().inject(connection, 500, 4);
        String n = "rel-mgmt500-" + UUID.randomUUID();
        publishOrder(n, List.of(user), List.of("websocket"));

        LedgerEntry row = awaitStatus(id(n, Channel.WEBSOCKET, user), DeliveryStatus.SENT);
        Reliability.awaitDrained(HeraldTopology.QUEUE_WEBSOCKET);
        long got = socket.queuedFramesContaining(n);
        assertThat(got).isEqualTo(1);
        assertThat(runtime.webSocketGateway().managementFaults().served(connection)).isEqualTo(4);
        assertThat(row.attempts()).isGreaterThanOrEqualTo(2);
        socket.close();
        Report.row("Provider: @connections 500 x4", "4 x 500 for one connection", "SDK retries, then SQS retry; 1 frame",
                "frames received " + got + ", ledger sent attempts " + row.attempts(), "ProviderFaultsIT.connectionsApi500_isRetried_andTheFrameArrivesOnce");
    }

    @Test
    void connectionsApi410_forAStaleConnection_deletesItsRow_andRejectsOnce() {
        String user = newUser("mgmt410");
        String stale = "stale" + UUID.randomUUID().toString().substring(0, 8) + "=";
        Reliability.dynamo().putItem(r -> r.tableName(HeraldTopology.TABLE_CONNECTIONS).item(Map.of("connectionId", Reliability.s(stale),
                "userId", Reliability.s(user), "connectedAt", Reliability.s("2026-01-01T00:00:00.000Z"),
                HeraldTopology.TTL_ATTRIBUTE, software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN(
                        Long.toString(Instant.now().plus(Duration.ofHours(1)).getEpochSecond())))));
        String n = "rel-mgmt410-" + UUID.randomUUID();
        publishOrder(n, List.of(user), List.of("websocket"));

        LedgerEntry row = awaitStatus(id(n, Channel.WEBSOCKET, user), DeliveryStatus.REJECTED);
        assertThat(row.reason()).contains("gone");
        assertThat(row.attempts()).isEqualTo(1);
        assertThat(Reliability.connectionsOf(user)).doesNotContain(stale);
        Report.row("Provider: @connections 410", "1 stale connection row (API answers 410 GoneException)", "rejected once, row deleted",
                "ledger rejected attempts " + row.attempts() + " (" + row.reason() + "), row deleted",
                "ProviderFaultsIT.connectionsApi410_forAStaleConnection_deletesItsRow_andRejectsOnce");
    }
}
