package dev.herald.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.firebase.ErrorCode;
import com.google.firebase.messaging.MessagingErrorCode;
import dev.herald.common.delivery.DeliveryOutcome;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.store.DeviceTokenStore.DeviceToken;
import dev.herald.common.store.DeviceTokenStore.Platform;
import dev.herald.common.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** APNs and FCM answers to token results (the table of apns-responses.md and FCM's ErrorCode page), and their combination. */
class ProviderAnswersTest {
    private static final DeviceToken DEVICE = new DeviceToken("user-1", "t", Platform.IOS, "com.example.shop", Instant.EPOCH, null);

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "200, , DELIVERED",
            "400, BadDeviceToken, DEAD",
            "400, DeviceTokenNotForTopic, DEAD",
            "410, Unregistered, DEAD",
            "410, ExpiredToken, DEAD",
            "413, PayloadTooLarge, REFUSED",
            "403, InvalidProviderToken, REFUSED",
            "403, ExpiredProviderToken, TRANSIENT",
            "429, TooManyRequests, TRANSIENT",
            "429, TooManyProviderTokenUpdates, TRANSIENT",
            "500, InternalServerError, TRANSIENT",
            "503, ServiceUnavailable, TRANSIENT",
            "503, Shutdown, TRANSIENT",
            "400, BadTopic, REFUSED"})
    void apns_answersAreClassifiedAsAppleDocuments(int status, String reason, TokenResult.Kind kind) {
        assertThat(ApnsResponses.classify(DEVICE, status, reason, null).kind()).isEqualTo(kind);
    }

    @Test
    void apns_invalidProviderToken_saysWhichSecretFieldsToCheck() {
        assertThat(ApnsResponses.classify(DEVICE, 403, "InvalidProviderToken", null).reason()).contains("teamId, keyId and signingKey");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"UNREGISTERED, DEAD", "SENDER_ID_MISMATCH, DEAD", "UNAVAILABLE, TRANSIENT", "INTERNAL, TRANSIENT",
            "QUOTA_EXCEEDED, TRANSIENT", "THIRD_PARTY_AUTH_ERROR, REFUSED"})
    void fcm_errorCodesAreClassified(MessagingErrorCode code, TokenResult.Kind kind) {
        assertThat(FcmErrors.classify(DEVICE, code, null, "m", null).kind()).isEqualTo(kind);
    }

    @Test
    void fcm_invalidArgument_isDeadOnlyWhenAboutTheToken() {
        String tokenBody = "{\"error\":{\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.BadRequest\","
                + "\"fieldViolations\":[{\"field\":\"message.token\"}]}]}}";
        assertThat(FcmErrors.classify(DEVICE, MessagingErrorCode.INVALID_ARGUMENT, ErrorCode.INVALID_ARGUMENT, "bad", tokenBody).kind())
                .isEqualTo(TokenResult.Kind.DEAD);
        assertThat(FcmErrors.classify(DEVICE, MessagingErrorCode.INVALID_ARGUMENT, ErrorCode.INVALID_ARGUMENT,
                "The registration token is not a valid FCM registration token", null).kind()).isEqualTo(TokenResult.Kind.DEAD);
        assertThat(FcmErrors.classify(DEVICE, MessagingErrorCode.INVALID_ARGUMENT, ErrorCode.INVALID_ARGUMENT,
                "Invalid data payload key: from", Fixtures.read("fcm-v1-error.json")).kind()).isEqualTo(TokenResult.Kind.REFUSED);
    }

    @Test
    void fcm_withoutFcmCode_isClassifiedByTheGoogleStatus() {
        assertThat(FcmErrors.classify(DEVICE, null, ErrorCode.UNAUTHENTICATED, "m", null).reason()).contains("credentials");
        assertThat(FcmErrors.classify(DEVICE, null, ErrorCode.UNKNOWN, "connection refused", null).kind()).isEqualTo(TokenResult.Kind.TRANSIENT);
    }

    @Test
    void combine_anyDeliveredWins_elseAnyTransientFails_elseRejected() {
        TokenResult delivered = TokenResult.delivered(DEVICE);
        TokenResult dead = TokenResult.dead(DEVICE, "APNs BadDeviceToken (400)", null);
        TokenResult busy = TokenResult.transientFailure(DEVICE, "APNs TooManyRequests (429)");
        TokenResult refused = TokenResult.refused(DEVICE, "APNs is not configured");

        assertThat(PushOutcomes.combine(List.of(busy, delivered, dead))).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(PushOutcomes.combine(List.of(dead, busy))).isInstanceOf(DeliveryOutcome.Failed.class)
                .extracting(o -> ((DeliveryOutcome.Failed) o).reason()).asString().contains("1 of 2").contains("TooManyRequests");
        DeliveryOutcome rejected = PushOutcomes.combine(List.of(dead, dead, refused));
        assertThat(rejected).isInstanceOf(DeliveryOutcome.Rejected.class);
        assertThat(((DeliveryOutcome.Rejected) rejected).ledgerStatus()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(((DeliveryOutcome.Rejected) rejected).reason())
                .isEqualTo("all 3 device(s) refused: APNs BadDeviceToken (400) (token removed) x2; APNs is not configured");
    }
}
