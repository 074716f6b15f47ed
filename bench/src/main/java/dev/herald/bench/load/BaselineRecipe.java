package dev.herald.bench.load;

import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The "serverless notification" seed recipe Herald grew from, as the baseline: one function
 * invocation per event that writes the event with PutItem and then publishes one message
 * (SendMessage), no batching, no routing, no ledger. It runs against the same engines through the
 * same edge port as Herald (so its calls are counted the same way).
 */
final class BaselineRecipe {
    static final String TABLE = "baseline-events";
    static final String QUEUE = "baseline-notifications";

    private final DynamoDbClient dynamo;
    private final SqsClient sqs;
    private final String queueUrl;

    private BaselineRecipe(DynamoDbClient dynamo, SqsClient sqs, String queueUrl) {
        this.dynamo = dynamo;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /** Creates the recipe's table and queue (before any measured window) and returns the function. */
    static BaselineRecipe provision(DynamoDbClient dynamo, SqsClient sqs) {
        if (!dynamo.listTables().tableNames().contains(TABLE)) {
            dynamo.createTable(r -> r.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("eventId").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("eventId").keyType(KeyType.HASH)));
        }
        String url = sqs.createQueue(r -> r.queueName(QUEUE)).queueUrl();
        return new BaselineRecipe(dynamo, sqs, url);
    }

    /** One invocation: the event is stored, then one notification is published. */
    void handle(String eventId, String userId, String detailJson) {
        dynamo.putItem(r -> r.tableName(TABLE).item(Map.of("eventId", AttributeValue.fromS(eventId), "userId", AttributeValue.fromS(userId),
                "detail", AttributeValue.fromS(detailJson), "createdAt", AttributeValue.fromS(Instant.now().toString()))));
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(detailJson));
    }
}
