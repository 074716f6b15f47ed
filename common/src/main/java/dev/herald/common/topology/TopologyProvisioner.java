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
                request.globalSecondaryIndexes(t.indexes().stream().map(i -> {
                    addAttribute(attributes, i.partitionKey());
                    i.sortKey().ifPresent(a -> addAttribute(attributes, a));
                    return GlobalSecondaryIndex.builder().indexName(i.name())
                            .keySchema(keySchema(i.partitionKey(), i.sortKey().orElse(null)))
                            .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build();
                }).toList());
            }
            request.attributeDefinitions(attributes.values());
            try {
                dynamo.createTable(request.build());
            } catch (ResourceInUseException exists) {
                // already there (restart on the same data directory)
            }
        }
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
