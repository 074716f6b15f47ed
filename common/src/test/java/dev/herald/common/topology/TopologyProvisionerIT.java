package dev.herald.common.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.testing.LocalEngines;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

class TopologyProvisionerIT {
    private final DynamoDbClient dynamo = LocalEngines.get().dynamo();

    @Test
    void createTables_onAKeptTable_addsTheIndexTheTopologyGained_andEnablesItsTtl() {
        String name = "provisioner-" + UUID.randomUUID();
        TableSpec.Attribute userId = TableSpec.Attribute.string("userId");
        TableSpec before = new TableSpec(name, userId, Optional.of(TableSpec.Attribute.string("token")), List.of(), Optional.empty());
        TableSpec after = new TableSpec(name, userId, Optional.of(TableSpec.Attribute.string("token")),
                List.of(new TableSpec.IndexSpec("byToken", TableSpec.Attribute.string("token"), Optional.empty())), Optional.of("expiresAt"));

        TopologyProvisioner.createTables(dynamo, List.of(before));
        assertThat(dynamo.describeTable(r -> r.tableName(name)).table().globalSecondaryIndexes()).isEmpty();

        TopologyProvisioner.createTables(dynamo, List.of(after));
        TopologyProvisioner.createTables(dynamo, List.of(after));

        assertThat(dynamo.describeTable(r -> r.tableName(name)).table().globalSecondaryIndexes())
                .extracting(GlobalSecondaryIndexDescription::indexName).containsExactly("byToken");
        var ttl = dynamo.describeTimeToLive(r -> r.tableName(name)).timeToLiveDescription();
        assertThat(ttl.attributeName()).isEqualTo("expiresAt");
        assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
    }
}
