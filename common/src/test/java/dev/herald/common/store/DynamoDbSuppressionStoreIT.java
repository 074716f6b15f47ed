package dev.herald.common.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.testing.LocalEngines;
import dev.herald.common.topology.HeraldTopology;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbSuppressionStoreIT {
    private final SuppressionStore store = new DynamoDbSuppressionStore(LocalEngines.get().dynamo(), HeraldTopology.TABLE_SUPPRESSIONS);

    @Test
    void suppress_storesTheAddressLowerCased_andFindIgnoresCase() {
        String address = "Ada." + UUID.randomUUID() + "@Example.COM";
        Instant at = Instant.parse("2026-11-18T09:43:21.904Z");
        store.suppress(new SuppressionStore.Suppression(address, SuppressionStore.Reason.BOUNCE, at, "fb-1"));

        var item = LocalEngines.get().dynamo().getItem(r -> r.tableName(HeraldTopology.TABLE_SUPPRESSIONS)
                .key(Map.of("address", AttributeValue.fromS(address.toLowerCase())))).item();
        assertThat(item.get("reason").s()).isEqualTo("bounce");
        assertThat(item.get("at").s()).isEqualTo("2026-11-18T09:43:21.904Z");
        assertThat(item.get("feedbackId").s()).isEqualTo("fb-1");
        assertThat(store.find(address.toUpperCase())).contains(
                new SuppressionStore.Suppression(address.toLowerCase(), SuppressionStore.Reason.BOUNCE, at, "fb-1"));
        assertThat(store.find("nobody-" + UUID.randomUUID() + "@example.com")).isEmpty();
    }

    @Test
    void suppress_neverReplacesAComplaintWithABounce_butABounceWithAComplaint() {
        String address = "grace." + UUID.randomUUID() + "@example.com";
        Instant t = Instant.parse("2026-11-18T10:00:00Z");
        store.suppress(new SuppressionStore.Suppression(address, SuppressionStore.Reason.BOUNCE, t, "b1"));
        store.suppress(new SuppressionStore.Suppression(address, SuppressionStore.Reason.COMPLAINT, t.plusSeconds(1), "c1"));
        store.suppress(new SuppressionStore.Suppression(address, SuppressionStore.Reason.BOUNCE, t.plusSeconds(2), "b2"));

        assertThat(store.find(address).orElseThrow().reason()).isEqualTo(SuppressionStore.Reason.COMPLAINT);
        assertThat(store.find(address).orElseThrow().feedbackId()).isEqualTo("c1");
    }
}
