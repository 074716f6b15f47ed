package dev.herald.push;

import static dev.herald.push.PushHarness.failedIds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.event.Priority;
import dev.herald.common.json.Json;
import dev.herald.common.ledger.DeliveryStatus;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Push delivery to Android devices: firebase-admin, configured from the FCM secret's JSON with a
 * static access token and a rootUrl, talks to a loopback server speaking the FCM v1 send API.
 */
class PushDeliveryFcmIT {
    private static FcmServer fcm;
    private static PushPlatform fcmSender;
    private static PushHarness push;

    @BeforeAll
    static void start() throws Exception {
        fcm = new FcmServer();
        fcmSender = PushPlatforms.fcm(new PushDeliveryConfig("t", "t", "q", null, "herald/fcm", 1, 100, Duration.ofSeconds(10), 10),
                id -> Json.tree(fcm.secretJson()));
        push = new PushHarness(PushPlatform.unavailable("APNs is not configured in this test"), fcmSender);
    }

    @AfterAll
    static void stop() {
        fcmSender.close();
        fcm.close();
    }

    @Test
    void deliver_toAndroidToken_sendsAnFcmV1MessageAndRecordsSent() {
        String user = PushHarness.newUser();
        String token = push.registerAndroid(user);
        ChannelMessage m = push.queued(user, Priority.CRITICAL);

        var response = push.deliver(m);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(fcm.messagesFor(token)).singleElement().satisfies(message -> {
            assertThat(message.at("/notification/title").asText()).isEqualTo("Your order has shipped");
            assertThat(message.at("/notification/body").asText()).isEqualTo("SO-10042 is on its way");
            assertThat(message.at("/data/orderId").asText()).isEqualTo("SO-10042");
            assertThat(message.at("/data/deliveryId").asText()).isEqualTo(m.deliveryId());
            assertThat(message.at("/android/priority").asText()).isEqualTo("high");
            assertThat(message.at("/android/notification/tag").asText()).isEqualTo(PushPayload.collapseIdOf(m.deliveryId()).toString());
        });
        assertThat(fcm.authorizations()).contains("Bearer " + fcm.accessToken);
        assertThat(push.row(m).status()).isEqualTo(DeliveryStatus.SENT);
    }

    @Test
    void deliver_withNormalPriority_usesFcmNormalPriority() {
        String user = PushHarness.newUser();
        String token = push.registerAndroid(user);

        push.deliver(push.queued(user, Priority.NORMAL));

        assertThat(fcm.messagesFor(token)).singleElement().satisfies(message ->
                assertThat(message.at("/android/priority").asText()).isEqualTo("normal"));
    }

    @Test
    void deliver_whenFcmSaysUnregistered_deletesTokenAndRejects() {
        String user = PushHarness.newUser();
        String token = push.registerAndroid(user);
        fcm.fail(token, "UNREGISTERED");
        ChannelMessage m = push.queued(user);

        var response = push.deliver(m);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(push.hasToken(user, token)).isFalse();
        assertThat(push.row(m).status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(push.row(m).reason()).contains("FCM UNREGISTERED (token removed)");
    }

    @Test
    void deliver_whenFcmSaysTheTokenIsInvalid_deletesToken() {
        String user = PushHarness.newUser();
        String token = push.registerAndroid(user);
        fcm.fail(token, "INVALID_TOKEN");
        ChannelMessage m = push.queued(user);

        push.deliver(m);

        assertThat(push.hasToken(user, token)).isFalse();
        assertThat(push.row(m).status()).isEqualTo(DeliveryStatus.REJECTED);
    }

    /** firebase-admin itself retries a 503 four times with exponential backoff (about 7 s) before reporting it. */
    @Test
    void deliver_whenFcmIsUnavailable_failsForRetryAndKeepsToken() {
        String user = PushHarness.newUser();
        String token = push.registerAndroid(user);
        fcm.fail(token, "UNAVAILABLE");
        ChannelMessage m = push.queued(user);

        var response = push.deliver(m);

        assertThat(failedIds(response)).containsExactly("msg-" + m.deliveryId());
        assertThat(push.row(m).status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(push.row(m).reason()).contains("FCM UNAVAILABLE");
        assertThat(push.hasToken(user, token)).isTrue();
    }

    /** 500 INTERNAL (firebase-admin retries it first, like a 503) and 429 QUOTA_EXCEEDED are transient too. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"INTERNAL", "QUOTA_EXCEEDED"})
    void deliver_whenFcmAnswersInternalOrQuotaExceeded_failsForRetryAndKeepsToken(String error) {
        String user = PushHarness.newUser();
        String token = push.registerAndroid(user);
        fcm.fail(token, error);
        ChannelMessage m = push.queued(user);

        var response = push.deliver(m);

        assertThat(failedIds(response)).containsExactly("msg-" + m.deliveryId());
        assertThat(push.row(m).status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(push.row(m).reason()).contains("FCM " + error);
        assertThat(push.hasToken(user, token)).isTrue();
    }

    @Test
    void deliver_toUserWithIosAndAndroid_isDeliveredWhenOneServiceAccepts() {
        String user = PushHarness.newUser();
        String ios = push.registerIos(user);
        String android = push.registerAndroid(user);
        ChannelMessage m = push.queued(user);

        var response = push.deliver(m);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(fcm.messagesFor(android)).hasSize(1);
        assertThat(push.row(m).status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(push.hasToken(user, ios)).isTrue();
    }

    @Test
    void deliver_mixedBatch_reportsExactlyTheTransientFailures() {
        String okUser = PushHarness.newUser();
        push.registerAndroid(okUser);
        String goneUser = PushHarness.newUser();
        fcm.fail(push.registerAndroid(goneUser), "UNREGISTERED");
        String downUser = PushHarness.newUser();
        fcm.fail(push.registerAndroid(downUser), "INTERNAL");
        ChannelMessage ok = push.queued(okUser);
        ChannelMessage gone = push.queued(goneUser);
        ChannelMessage down = push.queued(downUser);

        var response = push.deliver(ok, gone, down);

        assertThat(failedIds(response)).containsExactly("msg-" + down.deliveryId());
        assertThat(push.row(ok).status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(push.row(gone).status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(push.row(down).status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(push.row(down).reason()).contains("FCM INTERNAL");
    }

    @Test
    void deliver_whenFcmIsNotConfigured_rejectsSayingWhichSecretToFill() {
        PushHarness unconfigured = new PushHarness(PushPlatform.unavailable("n/a"), PushPlatforms.fcm(
                new PushDeliveryConfig("t", "t", "q", null, "herald/fcm", 1, 100, Duration.ofSeconds(10), 10), id -> Json.tree("{\"placeholder\":\"x\"}")));
        String user = PushHarness.newUser();
        unconfigured.registerAndroid(user);
        ChannelMessage m = unconfigured.queued(user);

        unconfigured.deliver(m);

        assertThat(unconfigured.row(m).status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(unconfigured.row(m).reason()).contains("FCM is not configured; store the Firebase service-account key in secret 'herald/fcm'");
    }
}
