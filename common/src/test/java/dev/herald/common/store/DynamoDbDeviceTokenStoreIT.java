package dev.herald.common.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.store.DeviceTokenStore.DeviceToken;
import dev.herald.common.store.DeviceTokenStore.Platform;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.topology.HeraldTopology;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbDeviceTokenStoreIT {
    private static final String IOS_TOKEN = "ee7afcf5619bedca1a34ae34d0726f41a0c6621d4fcf177f5900eca9dd40dd08";
    private final Instant t0 = Instant.parse("2026-11-01T10:00:00Z");
    private final String user = "user-" + UUID.randomUUID();

    private DeviceTokenStore storeAt(Instant now) {
        return new DynamoDbDeviceTokenStore(LocalEngines.get().dynamo(), HeraldTopology.TABLE_DEVICE_TOKENS,
                Clock.fixed(now, ZoneOffset.UTC), Duration.ofDays(270));
    }

    private Map<String, AttributeValue> item(String token) {
        return LocalEngines.get().dynamo().getItem(r -> r.tableName(HeraldTopology.TABLE_DEVICE_TOKENS)
                .key(Map.of("userId", AttributeValue.fromS(user), "token", AttributeValue.fromS(token)))).item();
    }

    @Test
    void register_newToken_writesTheSeedItemShapeWithTtl() {
        var registered = storeAt(t0).register(user, IOS_TOKEN, Platform.IOS, "com.example.shop");

        assertThat(registered.created()).isTrue();
        Map<String, AttributeValue> item = item(IOS_TOKEN);
        assertThat(item.get("platform").s()).isEqualTo("ios");
        assertThat(item.get("app").s()).isEqualTo("com.example.shop");
        assertThat(item.get("lastSeen").s()).isEqualTo(t0.toString());
        assertThat(item.get("expiresAt").n()).isEqualTo(Long.toString(t0.plus(Duration.ofDays(270)).getEpochSecond()));
    }

    @Test
    void register_again_refreshesLastSeenAndTtlButKeepsCreatedAt() {
        storeAt(t0).register(user, IOS_TOKEN, Platform.IOS, "com.example.shop");
        Instant later = t0.plus(Duration.ofDays(30));

        var registered = storeAt(later).register(user, IOS_TOKEN, Platform.IOS, "com.example.shop");

        assertThat(registered.created()).isFalse();
        Map<String, AttributeValue> item = item(IOS_TOKEN);
        assertThat(item.get("lastSeen").s()).isEqualTo(later.toString());
        assertThat(item.get("createdAt").s()).isEqualTo(t0.toString());
        assertThat(registered.device().expiresAt()).isEqualTo(later.plus(Duration.ofDays(270)));
    }

    @Test
    void forUser_listsOnlyThatUsersLiveTokens() {
        storeAt(t0).register(user, IOS_TOKEN, Platform.IOS, "com.example.shop");
        storeAt(t0).register(user, "fcm-token-1", Platform.ANDROID, null);
        storeAt(t0).register("other-" + user, "fcm-token-2", Platform.ANDROID, null);

        assertThat(storeAt(t0.plusSeconds(60)).forUser(user)).extracting(DeviceToken::token, DeviceToken::platform)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(IOS_TOKEN, Platform.IOS),
                        org.assertj.core.groups.Tuple.tuple("fcm-token-1", Platform.ANDROID));
        // DynamoDB's TTL deletes late; a row past its expiresAt is already gone for Herald
        assertThat(storeAt(t0.plus(Duration.ofDays(271))).forUser(user)).isEmpty();
    }

    @Test
    void delete_removesOnlyAnExistingTokenOfThatUser() {
        storeAt(t0).register(user, IOS_TOKEN, Platform.IOS, "com.example.shop");

        assertThat(storeAt(t0).delete("other-" + user, IOS_TOKEN)).isFalse();
        assertThat(storeAt(t0).delete(user, IOS_TOKEN)).isTrue();
        assertThat(storeAt(t0).delete(user, IOS_TOKEN)).isFalse();
        assertThat(storeAt(t0).forUser(user)).isEmpty();
    }

    @Test
    void register_aTokenAnotherUserHolds_movesIt_andOnlyTheNewOwnerCanDeleteIt() {
        String token = "tok-" + UUID.randomUUID();
        String other = "other-" + user;
        DeviceTokenStore store = storeAt(t0);
        assertThat(store.register(user, token, Platform.ANDROID, null).created()).isTrue();

        assertThat(store.register(other, token, Platform.ANDROID, null).created()).isTrue();

        assertThat(store.forUser(user)).isEmpty();
        assertThat(store.forUser(other)).extracting(DeviceToken::token).containsExactly(token);
        assertThat(store.delete(user, token)).as("the earlier owner deletes").isFalse();
        assertThat(store.forUser(other)).extracting(DeviceToken::token).containsExactly(token);
        assertThat(store.delete(other, token)).as("the owner deletes").isTrue();
        assertThat(store.forUser(other)).isEmpty();
        assertThat(store.register(user, token, Platform.ANDROID, null).created()).as("registered again after the delete").isTrue();
        assertThat(store.forUser(user)).extracting(DeviceToken::token).containsExactly(token);
    }

    @Test
    void register_aTokenHeldTwiceBeforeOwnerRowsExisted_leavesOneOwner() {
        String token = "tok-" + UUID.randomUUID();
        String a = "legacy-a-" + user;
        String b = "legacy-b-" + user;
        for (String holder : List.of(a, b)) {
            LocalEngines.get().dynamo().putItem(r -> r.tableName(HeraldTopology.TABLE_DEVICE_TOKENS).item(Map.of(
                    "userId", AttributeValue.fromS(holder), "token", AttributeValue.fromS(token), "platform", AttributeValue.fromS("android"))));
        }

        storeAt(t0).register(user, token, Platform.ANDROID, null);

        assertThat(storeAt(t0).forUser(a)).isEmpty();
        assertThat(storeAt(t0).forUser(b)).isEmpty();
        assertThat(storeAt(t0).forUser(user)).extracting(DeviceToken::token).containsExactly(token);
    }

    @Test
    void deleteUnlessSeenAfter_keepsATokenRegisteredAgainAfterTheInvalidation() {
        storeAt(t0).register(user, IOS_TOKEN, Platform.IOS, "com.example.shop");
        storeAt(t0.plusSeconds(120)).register(user, IOS_TOKEN, Platform.IOS, "com.example.shop");

        assertThat(storeAt(t0).deleteUnlessSeenAfter(user, IOS_TOKEN, t0.plusSeconds(60))).isFalse();
        assertThat(storeAt(t0).forUser(user)).hasSize(1);
        assertThat(storeAt(t0).deleteUnlessSeenAfter(user, IOS_TOKEN, t0.plusSeconds(180))).isTrue();
        assertThat(storeAt(t0).forUser(user)).isEmpty();
    }
}
