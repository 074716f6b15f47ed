package dev.herald.common.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.common.testing.LocalEngines;
import dev.herald.common.topology.HeraldTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DynamoDbTopicStoreIT {
    private final TopicStore store = new DynamoDbTopicStore(LocalEngines.get().dynamo(), HeraldTopology.TABLE_TOPICS);

    @Test
    void subscribers_readInPages_returnEveryUserOnce() {
        String topic = "t-" + UUID.randomUUID();
        for (int i = 0; i < 7; i++) {
            store.subscribe(topic, "user-" + i);
        }
        store.subscribe(topic, "user-3");
        List<String> all = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String token = null;
        do {
            TopicStore.Page page = store.subscribers(topic, token, 3);
            all.addAll(page.userIds());
            sizes.add(page.userIds().size());
            token = page.nextPageToken().orElse(null);
        } while (token != null);
        assertThat(all).containsExactly("user-0", "user-1", "user-2", "user-3", "user-4", "user-5", "user-6");
        assertThat(sizes).startsWith(3, 3, 1);
    }

    @Test
    void unsubscribe_removesOnlyThatSubscription_andTopicsOfReadsTheUserIndex() {
        String user = "u-" + UUID.randomUUID();
        store.subscribe("deals-" + user, user);
        store.subscribe("orders-" + user, user);
        store.unsubscribe("deals-" + user, user);
        store.unsubscribe("never-" + user, user);
        assertThat(store.topicsOf(user)).containsExactly("orders-" + user);
        assertThat(store.subscribers("deals-" + user, null, 10).userIds()).isEmpty();
    }

    @Test
    void subscribers_foreignPageToken_isRefusedWithAHint() {
        assertThatThrownBy(() -> store.subscribers("t", "not base64!", 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pass null for the first page");
    }
}
