package dev.herald.websocket;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.herald.common.aws.AwsClients;
import dev.herald.common.config.Environment;
import dev.herald.common.delivery.DeliveryProcessor;
import dev.herald.common.delivery.SqsDeferrer;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.store.DynamoDbConnectionStore;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Delivers the WebSocket channel queue's messages to the recipients' live connections: each message is
 * claimed in the ledger, posted to every connection of the user ({@link WebSocketSender}) and its outcome
 * recorded ({@link DeliveryProcessor}). Answers with a partial batch response naming exactly the
 * messages that failed transiently; a gone or offline recipient is a final ledger row, never a retry.
 */
public final class WebSocketDeliveryHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final DeliveryProcessor processor;

    /** Lambda's entry point: wires DynamoDB, SQS and the {@code @connections} API once, at init. */
    public WebSocketDeliveryHandler() {
        this(WebSocketDeliveryConfig.fromEnvironment(Environment.current()), AwsClients.create());
    }

    private WebSocketDeliveryHandler(WebSocketDeliveryConfig config, AwsClients aws) {
        this(wire(config, aws, aws.dynamoDb()));
    }

    private static DeliveryProcessor wire(WebSocketDeliveryConfig config, AwsClients aws, DynamoDbClient dynamo) {
        return new DeliveryProcessor(
                new DynamoDbDeliveryLedger(dynamo, config.deliveriesTable()),
                new WebSocketSender(new DynamoDbConnectionStore(dynamo, config.connectionsTable()),
                        new FramePoster(aws.apiGatewayManagementApi(config.managementEndpoint()))),
                Clock.systemUTC(),
                SqsDeferrer.fromEnvironment(Environment.current(), aws.sqs(), config.queueUrl(), aws::scheduler), config.parallelism());
    }

    /** The test seam: a processor built on any ledger, sender and deferrer. */
    WebSocketDeliveryHandler(DeliveryProcessor processor) {
        this.processor = processor;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return processor.handle(event);
    }
}
