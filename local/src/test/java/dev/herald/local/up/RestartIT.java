package dev.herald.local.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eatthepath.pushy.apns.ApnsClient;
import com.eatthepath.pushy.apns.ApnsClientBuilder;
import com.eatthepath.pushy.apns.auth.ApnsSigningKey;
import com.eatthepath.pushy.apns.util.SimpleApnsPushNotification;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.json.Json;
import dev.herald.common.store.DeviceTokenStore;
import dev.herald.common.store.DynamoDbDeviceTokenStore;
import dev.herald.common.store.DynamoDbEmailSubscriptionStore;
import dev.herald.common.store.EmailSubscriptionStore;
import dev.herald.common.store.EmailSubscriptionStore.EmailSubscription;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.common.topology.QueueSpec;
import dev.herald.common.topology.Topology;
import dev.herald.local.LocalRuntime;
import dev.herald.local.RuntimeOptions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** State in the data directory survives a restart and follows Topology changes; a directory serves one runtime at a time. */
class RestartIT {
    @TempDir
    Path data;
    @TempDir
    Path repo;

    @Test
    void restart_onSameDataDirectory_keepsItemsTokensSubscriptionsUndeliveredMessagesAndSecrets() throws Exception {
        Map<String, AttributeValue> key = Map.of("userId", AttributeValue.fromS("user-restart"));
        String jwtBefore;
        try (LocalRuntime first = LocalRuntime.start(RuntimeOptions.ephemeral(data, repo));
             EdgeClients aws = EdgeClients.of(first.edgeEndpoint(), first.region())) {
            aws.dynamo().putItem(r -> r.tableName(HeraldTopology.TABLE_PROFILES).item(Map.of("userId", AttributeValue.fromS("user-restart"),
                    "displayName", AttributeValue.fromS("Grace"))));
            aws.sqs().sendMessage(r -> r.queueUrl(first.queueUrls().get(HeraldTopology.QUEUE_PUSH)).messageBody("kept across restarts"));
            new DynamoDbDeviceTokenStore(aws.dynamo(), HeraldTopology.TABLE_DEVICE_TOKENS)
                    .register("user-restart", "a1b2c3d4e5f6", DeviceTokenStore.Platform.IOS, "dev.herald.demo");
            new DynamoDbEmailSubscriptionStore(aws.dynamo(), HeraldTopology.TABLE_EMAIL_SUBSCRIPTIONS).put(new EmailSubscription("user-restart",
                    "grace@example.com", EmailSubscriptionStore.Status.CONFIRMED, "unsub-1", Instant.parse("2026-12-01T10:00:00Z"),
                    Instant.parse("2026-12-01T10:05:00Z"), null));
            jwtBefore = aws.secrets().getSecretValue(r -> r.secretId(HeraldTopology.SECRET_JWT)).secretString();

            assertThatThrownBy(() -> LocalRuntime.start(RuntimeOptions.ephemeral(data, repo)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("another herald up is using the data directory");
        }

        try (LocalRuntime second = LocalRuntime.start(RuntimeOptions.ephemeral(data, repo));
             EdgeClients aws = EdgeClients.of(second.edgeEndpoint(), second.region())) {
            var item = aws.dynamo().getItem(r -> r.tableName(HeraldTopology.TABLE_PROFILES).key(key)).item();
            assertThat(item.get("displayName").s()).isEqualTo("Grace");
            assertThat(new DynamoDbDeviceTokenStore(aws.dynamo(), HeraldTopology.TABLE_DEVICE_TOKENS).forUser("user-restart"))
                    .singleElement().satisfies(d -> assertThat(d.token()).isEqualTo("a1b2c3d4e5f6"));
            assertThat(new DynamoDbEmailSubscriptionStore(aws.dynamo(), HeraldTopology.TABLE_EMAIL_SUBSCRIPTIONS).find("user-restart"))
                    .hasValueSatisfying(sub -> {
                        assertThat(sub.address()).isEqualTo("grace@example.com");
                        assertThat(sub.status()).isEqualTo(EmailSubscriptionStore.Status.CONFIRMED);
                    });
            assertThat(Queues.take(aws.sqs(), second.queueUrls().get(HeraldTopology.QUEUE_PUSH), m -> m.body().equals("kept across restarts"),
                    Duration.ofSeconds(20))).isPresent();
            assertThat(aws.secrets().getSecretValue(r -> r.secretId(HeraldTopology.SECRET_JWT)).secretString()).isEqualTo(jwtBefore);
            // the APNs secret of the new run (new port, kept keys) still opens the APNs emulator
            JsonNode apns = Json.tree(aws.secrets().getSecretValue(r -> r.secretId(HeraldTopology.SECRET_APNS)).secretString());
            assertThat(sendPush(apns)).isTrue();
        }
    }

    @Test
    void restart_afterTheTopologyChangedAQueue_updatesTheKeptQueue() {
        LocalRuntime.start(RuntimeOptions.ephemeral(data, repo)).close();
        Topology standard = HeraldTopology.standard();
        List<QueueSpec> queues = standard.queues().stream().map(q -> !q.name().equals(HeraldTopology.QUEUE_PUSH) ? q
                : new QueueSpec(q.name(), Duration.ofSeconds(200), q.retention(), q.deadLetter())).toList();
        Topology changed = new Topology(standard.busName(), standard.rules(), queues, standard.functions(), standard.tables(),
                standard.webSocketApi(), standard.httpApi());

        try (LocalRuntime second = LocalRuntime.start(RuntimeOptions.ephemeral(data, repo), changed);
             EdgeClients aws = EdgeClients.of(second.edgeEndpoint(), second.region())) {
            var attributes = aws.sqs().getQueueAttributes(r -> r.queueUrl(second.queueUrls().get(HeraldTopology.QUEUE_PUSH))
                    .attributeNamesWithStrings("All")).attributesAsStrings();
            assertThat(attributes.get("VisibilityTimeout")).isEqualTo("200");
            assertThat(attributes.get("RedrivePolicy")).contains("herald-push-dlq");
        }
    }

    /** Builds a Pushy client only from the herald/apns secret, as the push handler does, and sends one notification. */
    private static boolean sendPush(JsonNode secret) throws Exception {
        String[] hostPort = secret.path("host").asText().split(":");
        X509Certificate trusted = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(secret.path("trustedServerCertificate").asText().getBytes(StandardCharsets.US_ASCII)));
        ApnsClient client = new ApnsClientBuilder()
                .setApnsServer(hostPort[0], Integer.parseInt(hostPort[1]))
                .setSigningKey(ApnsSigningKey.loadFromInputStream(new ByteArrayInputStream(secret.path("signingKey").asText()
                        .getBytes(StandardCharsets.US_ASCII)), secret.path("teamId").asText(), secret.path("keyId").asText()))
                .setTrustedServerCertificateChain(trusted)
                .build();
        try {
            return client.sendNotification(new SimpleApnsPushNotification("a".repeat(64), secret.path("topic").asText(),
                    "{\"aps\":{\"alert\":\"hi\"}}")).get(30, TimeUnit.SECONDS).isAccepted();
        } finally {
            client.close().get(30, TimeUnit.SECONDS);
        }
    }
}
