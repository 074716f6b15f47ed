package dev.herald.common.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.store.ConnectionStore.Connection;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.topology.HeraldTopology;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbConnectionStoreIT {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00.123Z");

    private final ConnectionStore store = new DynamoDbConnectionStore(LocalEngines.get().dynamo(),
            HeraldTopology.TABLE_CONNECTIONS, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void put_writesTheItemShape_withTtlTwoHoursAfterConnect() {
        String id = "c-" + UUID.randomUUID();
        store.put(Connection.opened(id, "user-1", NOW));

        Map<String, AttributeValue> item = LocalEngines.get().dynamo()
                .getItem(r -> r.tableName(HeraldTopology.TABLE_CONNECTIONS).key(Map.of("connectionId", AttributeValue.fromS(id)))).item();
        assertThat(item.get("userId").s()).isEqualTo("user-1");
        assertThat(item.get("connectedAt").s()).isEqualTo("2026-11-23T10:00:00.123Z");
        assertThat(Long.parseLong(item.get("expiresAt").n())).isEqualTo(NOW.getEpochSecond() + 7200);
        assertThat(store.find(id)).get().extracting(Connection::userId).isEqualTo("user-1");
    }

    @Test
    void forUser_listsLiveConnectionsOldestFirst_andLeavesOutExpiredOnes() {
        String user = "user-" + UUID.randomUUID();
        store.put(Connection.opened("b-" + user, user, NOW.minusSeconds(60)));
        store.put(Connection.opened("a-" + user, user, NOW.minusSeconds(600)));
        // connected more than 2 h ago: API Gateway has closed it, TTL has not deleted it yet
        store.put(Connection.opened("old-" + user, user, NOW.minusSeconds(7201)));
        store.put(Connection.opened("other-" + user, "someone-else", NOW));

        assertThat(store.forUser(user)).extracting(Connection::connectionId).containsExactly("a-" + user, "b-" + user);
        assertThat(store.find("old-" + user)).isEmpty();
    }

    @Test
    void delete_removesTheRow_andMissingRowsAreNoError() {
        String id = "c-" + UUID.randomUUID();
        store.put(Connection.opened(id, "user-1", NOW));
        store.delete(id);
        store.delete(id);
        assertThat(store.find(id)).isEmpty();
    }
}
