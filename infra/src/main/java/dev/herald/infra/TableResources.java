package dev.herald.infra;

import dev.herald.common.topology.TableSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.constructs.Construct;

/**
 * The Topology's DynamoDB tables: on-demand, point-in-time recovery on, TTL where the Topology
 * names an attribute, every GSI projecting all attributes (as {@code herald up} creates them).
 *
 * <p>Tables hold the ledger and user data: deletion protection is on, and they are retained when the
 * stack is deleted or an update replaces them, but deleted when the create that made them rolls back
 * ({@link RemovalPolicy#RETAIN_ON_UPDATE_OR_DELETE}), so a failed first deploy leaves nothing behind
 * that would make the retry fail with "already exists". Names come from {@link PhysicalNames}.
 *
 * <p>Two cost choices, stated: each GSI projects what the Topology says ({@link TableSpec.Projection}): the
 * connection and topic queries read whole items from their index ({@code ALL}); the ledger's {@code byUser}
 * index is {@code KEYS_ONLY}, so a status change writes the table alone (the inbox reads the rows it lists with
 * one BatchGetItem; a ledger row changes status three or four times and is read far less often); tables are encrypted with the
 * AWS-owned-by-DynamoDB managed key ({@code AWS_MANAGED}, {@code alias/aws/dynamodb}), whose KMS
 * requests DynamoDB caches per connection; a customer-managed key would add a key to pay for and
 * administer without a reader Herald needs to exclude.
 */
final class TableResources {
    private final Map<String, Table> tables = new LinkedHashMap<>();

    TableResources(Construct scope, List<TableSpec> specs, PhysicalNames names) {
        for (TableSpec spec : specs) {
            var builder = Table.Builder.create(scope, Ids.of("Table", spec.name()))
                    .tableName(names.of(spec.name()))
                    .partitionKey(attribute(spec.partitionKey()))
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .encryption(TableEncryption.AWS_MANAGED)
                    .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
                    .deletionProtection(true)
                    .removalPolicy(RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE);
            spec.sortKey().ifPresent(k -> builder.sortKey(attribute(k)));
            spec.ttlAttribute().ifPresent(builder::timeToLiveAttribute);
            Table table = builder.build();
            for (TableSpec.IndexSpec index : spec.indexes()) {
                var gsi = GlobalSecondaryIndexProps.builder()
                        .indexName(index.name())
                        .partitionKey(attribute(index.partitionKey()))
                        .projectionType(index.projection() == TableSpec.Projection.KEYS_ONLY ? ProjectionType.KEYS_ONLY : ProjectionType.ALL);
                index.sortKey().ifPresent(k -> gsi.sortKey(attribute(k)));
                table.addGlobalSecondaryIndex(gsi.build());
            }
            tables.put(spec.name(), table);
        }
    }

    Table get(String name) {
        Table t = tables.get(name);
        if (t == null) {
            throw new IllegalArgumentException("the Topology has no table named " + name);
        }
        return t;
    }

    Map<String, Table> all() {
        return Collections.unmodifiableMap(tables);
    }

    private static Attribute attribute(TableSpec.Attribute a) {
        return Attribute.builder().name(a.name())
                .type(a.type() == TableSpec.AttributeType.S ? AttributeType.STRING : AttributeType.NUMBER).build();
    }
}
