package dev.herald.common.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.store.EmailSubscriptionStore.EmailSubscription;
import dev.herald.common.store.EmailSubscriptionStore.Status;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.topology.HeraldTopology;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbEmailSubscriptionStoreIT {
    private final EmailSubscriptionStore store =
            new DynamoDbEmailSubscriptionStore(LocalEngines.get().dynamo(), HeraldTopology.TABLE_EMAIL_SUBSCRIPTIONS);
    private final Instant t = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void put_writesTheDemoSeedItemShape_andFindReadsItBack() {
        String user = "user-" + UUID.randomUUID();
        EmailSubscription sub = new EmailSubscription(user, "ada@example.com", Status.PENDING, "0123abcd", t, null, t);
        store.put(sub);

        var item = LocalEngines.get().dynamo().getItem(r -> r.tableName(HeraldTopology.TABLE_EMAIL_SUBSCRIPTIONS)
                .key(Map.of("userId", AttributeValue.fromS(user)))).item();
        assertThat(item.keySet()).containsExactlyInAnyOrder("userId", "address", "status", "unsubscribeToken", "createdAt", "updatedAt");
        assertThat(item.get("status").s()).isEqualTo("pending");
        assertThat(store.find(user)).contains(sub);
        assertThat(store.find("user-" + UUID.randomUUID())).isEmpty();
    }

    @Test
    void find_readsAnItemWrittenLikeTheDemoSeed() {
        String user = "user-" + UUID.randomUUID();
        LocalEngines.get().dynamo().putItem(r -> r.tableName(HeraldTopology.TABLE_EMAIL_SUBSCRIPTIONS).item(Map.of(
                "userId", AttributeValue.fromS(user), "address", AttributeValue.fromS("user-1@example.com"),
                "status", AttributeValue.fromS("confirmed"), "unsubscribeToken", AttributeValue.fromS("ab".repeat(16)),
                "confirmedAt", AttributeValue.fromS(t.toString()), "createdAt", AttributeValue.fromS(t.toString()))));

        EmailSubscription sub = store.find(user).orElseThrow();
        assertThat(sub.status()).isEqualTo(Status.CONFIRMED);
        assertThat(sub.confirmedAt()).isEqualTo(t);
        assertThat(sub.updatedAt()).isNull();
    }

    @Test
    void transition_onlyForTheSameAddressNonceAndAllowedStatus_andConfirmSetsConfirmedAt() {
        String user = "user-" + UUID.randomUUID();
        store.put(new EmailSubscription(user, "ada@example.com", Status.PENDING, "n1", t, null, t));

        assertThat(store.transition(user, "grace@example.com", "n1", EnumSet.of(Status.PENDING), Status.CONFIRMED, t)).isFalse();
        assertThat(store.transition(user, "ada@example.com", "n2", EnumSet.of(Status.PENDING), Status.CONFIRMED, t)).isFalse();
        assertThat(store.transition(user, "ada@example.com", "n1", EnumSet.of(Status.UNSUBSCRIBED), Status.CONFIRMED, t)).isFalse();
        assertThat(store.transition(user, "ada@example.com", "n1", EnumSet.of(Status.PENDING), Status.CONFIRMED, t.plusSeconds(5))).isTrue();
        assertThat(store.transition("user-" + UUID.randomUUID(), "ada@example.com", "n1", EnumSet.of(Status.PENDING), Status.CONFIRMED, t)).isFalse();

        EmailSubscription sub = store.find(user).orElseThrow();
        assertThat(sub.status()).isEqualTo(Status.CONFIRMED);
        assertThat(sub.confirmedAt()).isEqualTo(t.plusSeconds(5));
        assertThat(sub.updatedAt()).isEqualTo(t.plusSeconds(5));
    }

    @Test
    void transition_ofAnItemWithoutNonce_matchesTheNullNonce() {
        String user = "user-" + UUID.randomUUID();
        store.put(new EmailSubscription(user, "ada@example.com", Status.CONFIRMED, null, t, t, t));

        assertThat(store.transition(user, "ada@example.com", "x", EnumSet.of(Status.CONFIRMED), Status.UNSUBSCRIBED, t)).isFalse();
        assertThat(store.transition(user, "ada@example.com", null, EnumSet.of(Status.CONFIRMED), Status.UNSUBSCRIBED, t)).isTrue();
    }
}
