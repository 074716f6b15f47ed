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
 * Tables are retained when the stack is deleted: they hold the ledger and user data.
 */
final class TableResources {
    private final Map<String, Table> tables = new LinkedHashMap<>();

    TableResources(Construct scope, List<TableSpec> specs) {
        for (TableSpec spec : specs) {
            var builder = Table.Builder.create(scope, Ids.of("Table", spec.name()))
                    .tableName(spec.name())
                    .partitionKey(attribute(spec.partitionKey()))
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .encryption(TableEncryption.AWS_MANAGED)
                    .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
                    .removalPolicy(RemovalPolicy.RETAIN);
            spec.sortKey().ifPresent(k -> builder.sortKey(attribute(k)));
            spec.ttlAttribute().ifPresent(builder::timeToLiveAttribute);
            Table table = builder.build();
            for (TableSpec.IndexSpec index : spec.indexes()) {
                var gsi = GlobalSecondaryIndexProps.builder()
                        .indexName(index.name())
                        .partitionKey(attribute(index.partitionKey()))
                        .projectionType(ProjectionType.ALL);
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
