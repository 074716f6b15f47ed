package dev.herald.local.up;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.aws.CachedSecret;
import dev.herald.common.aws.SecretReader;
import dev.herald.common.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * {@link CachedSecret} against {@code herald up}'s Secrets Manager, as the functions read their secrets: nothing
 * before first use, the stack's placeholder answered as "not stored" with the secret's name and the doc section, and
 * a value stored or rotated with {@code PutSecretValue} used once the cache time has passed - not before, and without
 * a new instance (no redeploy).
 */
class CachedSecretIT {
    private final SecretsManagerClient secrets = SharedRuntime.clients().secrets();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T02:00:00Z"));
    private final AtomicInteger reads = new AtomicInteger();
    private final List<String> replaced = new CopyOnWriteArrayList<>();

    private CachedSecret<String> cached(String id) {
        SecretReader reader = new SecretReader(secrets);
        return new CachedSecret<>(id, secretId -> {
            reads.incrementAndGet();
            return reader.json(secretId);
        }, CachedSecretIT::parse, replaced::add, CachedSecret.DEFAULT_TTL, clock);
    }

    private static String parse(JsonNode json) {
        if (!json.path("key").isTextual()) {
            throw new dev.herald.common.config.ConfigException("no \"key\"; store {\"key\": \"...\"}");
        }
        return json.path("key").asText();
    }

    private String newSecret(String value) {
        String id = "herald-test/" + UUID.randomUUID();
        secrets.createSecret(r -> r.name(id).secretString(value));
        return id;
    }

    private void put(String id, String value) {
        secrets.putSecretValue(r -> r.secretId(id).secretString(value));
    }

    @Test
    void placeholder_isNotStored_thenAStoredValueIsUsedAfterTheCacheTime() {
        String id = newSecret("{\"placeholder\":\"Xq3vG8kP2mN7rT1wY5zB9cD4fH6jL0sA\"}");
        CachedSecret<String> secret = cached(id);
        assertThat(reads).hasValue(0);

        CachedSecret.Value<String> first = secret.get();

        assertThat(first).isInstanceOf(CachedSecret.Unavailable.class);
        CachedSecret.Unavailable<String> unavailable = (CachedSecret.Unavailable<String>) first;
        assertThat(unavailable.cause()).isEqualTo(CachedSecret.Cause.NOT_STORED);
        assertThat(unavailable.reason()).contains(id).contains("placeholder").contains("docs/DEPLOY.md, section \"Secret values\"")
                .doesNotContain("Xq3vG8kP2mN7rT1wY5zB9cD4fH6jL0sA");

        put(id, "{\"key\":\"v1\"}");
        clock.advance(CachedSecret.DEFAULT_TTL.minusSeconds(1));
        assertThat(secret.get()).isInstanceOf(CachedSecret.Unavailable.class);
        clock.advance(Duration.ofSeconds(1));
        assertThat(secret.get()).isEqualTo(new CachedSecret.Ready<>("v1"));
        assertThat(reads).hasValue(2);
    }

    @Test
    void rotatedValue_isUsedAfterTheCacheTime_andTheOldValueIsHandedBack() {
        String id = newSecret("{\"key\":\"v1\"}");
        CachedSecret<String> secret = cached(id);
        assertThat(secret.get()).isEqualTo(new CachedSecret.Ready<>("v1"));

        put(id, "{\"key\":\"v2\"}");
        clock.advance(Duration.ofMinutes(1));
        assertThat(secret.get()).isEqualTo(new CachedSecret.Ready<>("v1"));
        assertThat(replaced).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        assertThat(secret.get()).isEqualTo(new CachedSecret.Ready<>("v2"));
        assertThat(replaced).containsExactly("v1");
        // many requests within the cache time: no further reads
        for (int i = 0; i < 100; i++) {
            secret.get();
        }
        assertThat(reads).hasValue(2);
    }

    @Test
    void invalidValue_isUnavailableWithTheParsersReason_andAnUnchangedValueIsNotParsedAgain() {
        String id = newSecret("{\"other\":\"x\"}");
        CachedSecret<String> secret = cached(id);

        CachedSecret.Value<String> value = secret.get();

        assertThat(value).isInstanceOf(CachedSecret.Unavailable.class);
        assertThat(((CachedSecret.Unavailable<String>) value).cause()).isEqualTo(CachedSecret.Cause.INVALID);
        assertThat(((CachedSecret.Unavailable<String>) value).reason()).contains("store {\"key\": \"...\"}").contains("docs/DEPLOY.md");
    }

    @Test
    void missingSecret_isUnreadable_andRetriedSoonerThanTheCacheTime_whileALastGoodValueKeepsServing() {
        CachedSecret<String> missing = cached("herald-test/missing-" + UUID.randomUUID());

        CachedSecret.Value<String> value = missing.get();

        assertThat(value).isInstanceOf(CachedSecret.Unavailable.class);
        assertThat(((CachedSecret.Unavailable<String>) value).cause()).isEqualTo(CachedSecret.Cause.UNREADABLE);
        clock.advance(CachedSecret.RETRY_AFTER_READ_ERROR);
        missing.get();
        assertThat(reads).hasValue(2);
    }
}
