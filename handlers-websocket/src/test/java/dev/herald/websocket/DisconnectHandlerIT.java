package dev.herald.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.store.ConnectionStore;
import dev.herald.common.store.DynamoDbConnectionStore;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.topology.HeraldTopology;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DisconnectHandlerIT {
    private final ConnectionStore store = new DynamoDbConnectionStore(LocalEngines.get().dynamo(), HeraldTopology.TABLE_CONNECTIONS);
    private final DisconnectHandler handler = new DisconnectHandler(store);

    @Test
    void disconnect_deletesTheConnectionRow_andLeavesTheUsersOtherConnections() {
        String user = "user-" + UUID.randomUUID();
        String closing = "c1-" + UUID.randomUUID();
        String staying = "c2-" + UUID.randomUUID();
        store.put(ConnectionStore.Connection.opened(closing, user, Instant.now()));
        store.put(ConnectionStore.Connection.opened(staying, user, Instant.now()));

        var response = handler.handleRequest(WebSocketEvents.disconnect(closing), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(store.find(closing)).isEmpty();
        assertThat(store.forUser(user)).extracting(ConnectionStore.Connection::connectionId).containsExactly(staying);
    }

    @Test
    void disconnect_ofAnUnknownConnection_isStill200() {
        assertThat(handler.handleRequest(WebSocketEvents.disconnect("never-" + UUID.randomUUID()), null).getStatusCode()).isEqualTo(200);
    }
}
