package dev.herald.local.emulators;

import static org.assertj.core.api.Assertions.assertThat;

import com.eatthepath.pushy.apns.ApnsClient;
import com.eatthepath.pushy.apns.ApnsClientBuilder;
import com.eatthepath.pushy.apns.DeliveryPriority;
import com.eatthepath.pushy.apns.PushNotificationResponse;
import com.eatthepath.pushy.apns.PushType;
import com.eatthepath.pushy.apns.auth.ApnsSigningKey;
import com.eatthepath.pushy.apns.util.SimpleApnsPushNotification;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.json.Json;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApnsEmulatorIT {
    private static final String TOKEN = "ee7afcf5619bedca1a34ae34d0726f41a0c6621d4fcf177f5900eca9dd40dd08";
    private ApnsEmulator apns;
    private ApnsClient client;

    @BeforeEach
    void start() throws Exception {
        apns = new ApnsEmulator(0).start();
        client = clientFromSecret(apns.secretJson());
    }

    /** Builds the client only from the secret, as the push handler must. */
    private static ApnsClient clientFromSecret(String secretJson) throws Exception {
        JsonNode secret = Json.tree(secretJson);
        ApnsSigningKey key = ApnsSigningKey.loadFromInputStream(
                new ByteArrayInputStream(secret.get("signingKey").asText().getBytes(StandardCharsets.US_ASCII)),
                secret.get("teamId").asText(), secret.get("keyId").asText());
        X509Certificate trusted = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(secret.get("trustedCertificate").asText().getBytes(StandardCharsets.US_ASCII)));
        return new ApnsClientBuilder()
                .setApnsServer(secret.get("host").asText(), secret.get("port").asInt())
                .setSigningKey(key)
                .setTrustedServerCertificateChain(trusted)
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        client.close().get(30, TimeUnit.SECONDS);
        apns.close();
    }

    @Test
    void send_withTokenAuth_isAcceptedAndRecorded() throws Exception {
        var notification = new SimpleApnsPushNotification(TOKEN, apns.topic(), "{\"aps\":{\"alert\":{\"title\":\"Shipped\"}}}",
                Instant.now().plusSeconds(3600), DeliveryPriority.IMMEDIATE, PushType.ALERT, "SO-10042");

        PushNotificationResponse<SimpleApnsPushNotification> response = client.sendNotification(notification).get(30, TimeUnit.SECONDS);

        assertThat(response.isAccepted()).isTrue();
        assertThat(apns.receivedFor(TOKEN)).singleElement().satisfies(n -> {
            assertThat(n.topic()).isEqualTo("com.example.shop");
            assertThat(n.payload()).isEqualTo("{\"aps\":{\"alert\":{\"title\":\"Shipped\"}}}");
            assertThat(n.priority()).isEqualTo("10");
            assertThat(n.pushType()).isEqualTo("alert");
            assertThat(n.collapseId()).isEqualTo("SO-10042");
        });
    }

    @Test
    void send_toRejectedToken_answersBadDeviceToken() throws Exception {
        apns.rejectToken(TOKEN);

        var response = client.sendNotification(new SimpleApnsPushNotification(TOKEN, apns.topic(), "{\"aps\":{}}")).get(30, TimeUnit.SECONDS);

        assertThat(response.isAccepted()).isFalse();
        assertThat(response.getRejectionReason()).contains("BadDeviceToken");
        assertThat(apns.receivedFor(TOKEN)).isEmpty();
        assertThat(apns.received()).singleElement().satisfies(n -> assertThat(n.rejection()).isEqualTo("BadDeviceToken"));
    }

    @Test
    void send_signedWithAnotherKey_isRefusedAsInvalidProviderToken() throws Exception {
        ApnsEmulator other = new ApnsEmulator(0);
        JsonNode secret = Json.tree(apns.secretJson());
        ApnsSigningKey wrongKey = ApnsSigningKey.loadFromInputStream(
                new ByteArrayInputStream(other.signingKeyPem().getBytes(StandardCharsets.US_ASCII)),
                secret.get("teamId").asText(), secret.get("keyId").asText());
        ApnsClient forger = new ApnsClientBuilder().setApnsServer(apns.host(), apns.port()).setSigningKey(wrongKey)
                .setTrustedServerCertificateChain(apns.trustCertificate()).build();
        try {
            var response = forger.sendNotification(new SimpleApnsPushNotification(TOKEN, apns.topic(), "{\"aps\":{}}")).get(30, TimeUnit.SECONDS);

            assertThat(response.getStatusCode()).isEqualTo(403);
            assertThat(response.getRejectionReason()).contains("InvalidProviderToken");
            assertThat(apns.receivedFor(TOKEN)).isEmpty();
        } finally {
            forger.close().get(30, TimeUnit.SECONDS);
            other.close();
        }
    }

    @Test
    void send_toUnregisteredToken_answersUnregisteredWithTimestamp() throws Exception {
        apns.unregisterToken(TOKEN);

        var response = client.sendNotification(new SimpleApnsPushNotification(TOKEN, apns.topic(), "{\"aps\":{}}")).get(30, TimeUnit.SECONDS);

        assertThat(response.getStatusCode()).isEqualTo(410);
        assertThat(response.getRejectionReason()).contains("Unregistered");
        assertThat(response.getTokenInvalidationTimestamp()).isPresent();
    }
}
