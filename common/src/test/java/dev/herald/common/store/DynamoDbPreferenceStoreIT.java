package dev.herald.common.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.event.Channel;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.topology.HeraldTopology;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbPreferenceStoreIT {
    private final PreferenceStore store = new DynamoDbPreferenceStore(LocalEngines.get().dynamo(), HeraldTopology.TABLE_PREFERENCES);

    @Test
    void put_thenFind_roundTripsEverySetting() {
        String user = "u-" + UUID.randomUUID();
        Preferences p = new Preferences(user, Set.of("orders:email", "*:push"),
                Optional.of(Preferences.QuietHours.parse("22:00", "07:00")), ZoneId.of("Europe/Paris"));
        store.put(p);
        assertThat(store.find(user)).contains(p);
        assertThat(store.find("missing-" + user)).isEmpty();
    }

    @Test
    void findAll_moreThanOneBatchGet_returnsThoseWithItems() {
        String run = UUID.randomUUID().toString();
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 230; i++) {
            users.add("u-" + i + "-" + run);
        }
        for (int i = 0; i < 230; i += 2) {
            store.put(new Preferences(users.get(i), Set.of("deals:" + Channel.EMAIL.wireName()), Optional.empty(), ZoneOffset.UTC));
        }
        Map<String, Preferences> found = store.findAll(users);
        assertThat(found).hasSize(115).containsKeys(users.get(0), users.get(228)).doesNotContainKey(users.get(1));
        assertThat(found.get(users.get(100)).optedOut("deals", Channel.EMAIL)).isTrue();
    }

    @Test
    void find_badStoredValues_areLeftOutNotFatal() {
        String user = "u-" + UUID.randomUUID();
        LocalEngines.get().dynamo().putItem(r -> r.tableName(HeraldTopology.TABLE_PREFERENCES).item(Map.of(
                "userId", AttributeValue.fromS(user),
                "optOuts", AttributeValue.fromSs(List.of("orders:email", "garbage")),
                "quietHours", AttributeValue.fromM(Map.of("start", AttributeValue.fromS("22:00"), "end", AttributeValue.fromS("7h"))),
                "timeZone", AttributeValue.fromS("Mars/Olympus"))));
        Preferences p = store.find(user).orElseThrow();
        assertThat(p.optOuts()).containsExactly("orders:email");
        assertThat(p.quietHours()).isEmpty();
        assertThat(p.timeZone()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void find_itemWithOnlyQuietHours_defaultsTheRest() {
        String user = "u-" + UUID.randomUUID();
        LocalEngines.get().dynamo().putItem(r -> r.tableName(HeraldTopology.TABLE_PREFERENCES).item(Map.of(
                "userId", AttributeValue.fromS(user),
                "quietHours", AttributeValue.fromM(Map.of("start", AttributeValue.fromS("22:00"), "end", AttributeValue.fromS("07:00"))))));
        Preferences p = store.find(user).orElseThrow();
        assertThat(p.optOuts()).isEmpty();
        assertThat(p.quietHours()).contains(new Preferences.QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0)));
    }
}
