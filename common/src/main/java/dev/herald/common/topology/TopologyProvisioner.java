package dev.herald.common.topology;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates a Topology's tables and queues through the SDK (used by {@code herald up} and by
 * integration tests against DynamoDB Local and ElasticMQ; on AWS, {@code infra} creates them).
 * Creating what exists already is not an error, so a restart on the same data directory works.
 */
public final class TopologyProvisioner {
    private TopologyProvisioner() {
    }

    public static void createTables(DynamoDbClient dynamo, List<TableSpec> tables) {
        for (TableSpec t : tables) {
            Map<String, AttributeDefinition> attributes = new LinkedHashMap<>();
            addAttribute(attributes, t.partitionKey());
            t.sortKey().ifPresent(a -> addAttribute(attributes, a));
            var request = CreateTableRequest.builder().tableName(t.name()).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(keySchema(t.partitionKey(), t.sortKey().orElse(null)));
            if (!t.indexes().isEmpty()) {
                request.globalSecondaryIndexes(t.indexes().stream().map(i -> index(i, attributes)).toList());
            }
            request.attributeDefinitions(attributes.values());
            try {
                dynamo.createTable(request.build());
            } catch (ResourceInUseException exists) {
                // already there (restart on the same data directory): add what the Topology gained since
                addMissingIndexes(dynamo, t);
            }
            t.ttlAttribute().ifPresent(attribute -> enableTtl(dynamo, t.name(), attribute));
        }
    }

    private static GlobalSecondaryIndex index(TableSpec.IndexSpec i, Map<String, AttributeDefinition> attributes) {
        addAttribute(attributes, i.partitionKey());
        i.sortKey().ifPresent(a -> addAttribute(attributes, a));
        return GlobalSecondaryIndex.builder().indexName(i.name())
                .keySchema(keySchema(i.partitionKey(), i.sortKey().orElse(null)))
                .projection(Projection.builder().projectionType(projectionType(i.projection())).build()).build();
    }

    private static ProjectionType projectionType(TableSpec.Projection p) {
        return switch (p) {
            case ALL -> ProjectionType.ALL;
            case KEYS_ONLY -> ProjectionType.KEYS_ONLY;
        };
    }

    /**
     * Creates, one UpdateTable each (DynamoDB takes one index change per call), the indexes a kept table lacks; an
     * index whose projection the Topology changed is deleted and created again (DynamoDB cannot change a projection in
     * place), waiting for the deletion to finish in between.
     */
    private static void addMissingIndexes(DynamoDbClient dynamo, TableSpec t) {
        Map<String, ProjectionType> existing = new LinkedHashMap<>();
        dynamo.describeTable(r -> r.tableName(t.name())).table().globalSecondaryIndexes()
                .forEach(d -> existing.put(d.indexName(), d.projection().projectionType()));
        for (TableSpec.IndexSpec i : t.indexes()) {
            ProjectionType had = existing.get(i.name());
            if (had == projectionType(i.projection())) {
                continue;
            }
            if (had != null) {
                dynamo.updateTable(r -> r.tableName(t.name()).globalSecondaryIndexUpdates(u -> u.delete(d -> d.indexName(i.name()))));
                awaitIndexGone(dynamo, t.name(), i.name());
            }
            Map<String, AttributeDefinition> attributes = new LinkedHashMap<>();
            GlobalSecondaryIndex gsi = index(i, attributes);
            dynamo.updateTable(r -> r.tableName(t.name()).attributeDefinitions(attributes.values())
                    .globalSecondaryIndexUpdates(u -> u.create(c -> c.indexName(gsi.indexName()).keySchema(gsi.keySchema())
                            .projection(gsi.projection()))));
        }
    }

    private static void awaitIndexGone(DynamoDbClient dynamo, String table, String index) {
        for (int i = 0; i < 300; i++) {
            boolean present = dynamo.describeTable(r -> r.tableName(table)).table().globalSecondaryIndexes().stream()
                    .anyMatch(d -> d.indexName().equals(index));
            if (!present) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while index " + index + " of " + table + " was being deleted", e);
            }
        }
        throw new IllegalStateException("index " + index + " of table " + table + " was still being deleted after 30 s;"
                + " start again once DescribeTable no longer lists it");
    }

    private static void enableTtl(DynamoDbClient dynamo, String table, String attribute) {
        var status = dynamo.describeTimeToLive(r -> r.tableName(table)).timeToLiveDescription();
        if (status != null && attribute.equals(status.attributeName())
                && status.timeToLiveStatus() == software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus.ENABLED) {
            return;
        }
        dynamo.updateTimeToLive(r -> r.tableName(table).timeToLiveSpecification(s -> s.attributeName(attribute).enabled(true)));
    }

    /** Creates every queue (dead-letter queues first) and returns queue name to URL. */
    public static Map<String, String> createQueues(SqsClient sqs, List<QueueSpec> queues) {
        Map<String, String> urls = new LinkedHashMap<>();
        List<QueueSpec> ordered = queues.stream().sorted((a, b) -> Boolean.compare(a.deadLetter().isPresent(), b.deadLetter().isPresent())).toList();
        for (QueueSpec q : ordered) {
            Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
            attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(q.visibilityTimeout().toSeconds()));
            attributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, Long.toString(q.retention().toSeconds()));
            q.deadLetter().ifPresent(d -> {
                String dlqUrl = urls.get(d.queue());
                String dlqArn = sqs.getQueueAttributes(r -> r.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                        .attributes().get(QueueAttributeName.QUEUE_ARN);
                attributes.put(QueueAttributeName.REDRIVE_POLICY,
                        "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + d.maxReceiveCount() + "\"}");
            });
            String url = sqs.createQueue(r -> r.queueName(q.name()).attributes(attributes)).queueUrl();
            urls.put(q.name(), url);
        }
        return urls;
    }

    private static void addAttribute(Map<String, AttributeDefinition> attributes, TableSpec.Attribute a) {
        attributes.putIfAbsent(a.name(), AttributeDefinition.builder().attributeName(a.name())
                .attributeType(a.type() == TableSpec.AttributeType.S ? ScalarAttributeType.S : ScalarAttributeType.N).build());
    }

    private static List<KeySchemaElement> keySchema(TableSpec.Attribute pk, TableSpec.Attribute sk) {
        KeySchemaElement hash = KeySchemaElement.builder().attributeName(pk.name()).keyType(KeyType.HASH).build();
        return sk == null ? List.of(hash)
                : List.of(hash, KeySchemaElement.builder().attributeName(sk.name()).keyType(KeyType.RANGE).build());
    }
}
