package dev.herald.websocket;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.herald.common.aws.AwsClients;
import dev.herald.common.concurrent.BoundedPool;
import dev.herald.common.config.Clocks;
import dev.herald.common.config.Environment;
import dev.herald.common.delivery.DeliveryProcessor;
import dev.herald.common.delivery.SqsDeferrer;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.store.DynamoDbConnectionStore;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Delivers the WebSocket channel queue's messages to the recipients' live connections: the connections of the batch's
 * recipients are looked up together while each message is claimed in the ledger ({@link BatchConnections}), posted to every connection of the user ({@link WebSocketSender}) and its outcome
 * recorded ({@link DeliveryProcessor}). Answers with a partial batch response naming exactly the
 * messages that failed transiently; a gone or offline recipient is a final ledger row, never a retry.
 */
public final class WebSocketDeliveryHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final DeliveryProcessor processor;
    private final BatchConnections lookups;

    /** Lambda's entry point: wires DynamoDB, SQS and the {@code @connections} API once, at init. */
    public WebSocketDeliveryHandler() {
        this(WebSocketDeliveryConfig.fromEnvironment(Environment.current()), AwsClients.create());
    }

    private WebSocketDeliveryHandler(WebSocketDeliveryConfig config, AwsClients aws) {
        this(config, aws, new BatchConnections(new DynamoDbConnectionStore(aws.dynamoDb(), config.connectionsTable()),
                new BoundedPool("herald-ws-lookup", config.parallelism())));
    }

    private WebSocketDeliveryHandler(WebSocketDeliveryConfig config, AwsClients aws, BatchConnections lookups) {
        this(wire(config, aws, aws.dynamoDb(), lookups), lookups);
    }

    private static DeliveryProcessor wire(WebSocketDeliveryConfig config, AwsClients aws, DynamoDbClient dynamo, BatchConnections lookups) {
        return new DeliveryProcessor(
                new DynamoDbDeliveryLedger(dynamo, config.deliveriesTable()),
                new WebSocketSender(lookups, new FramePoster(aws.apiGatewayManagementApi(config.managementEndpoint()))),
                Clocks.current(),
                SqsDeferrer.fromEnvironment(Environment.current(), aws.sqs(), config.queueUrl(), aws::scheduler), config.parallelism());
    }

    /** The test seam: a processor built on any ledger, sender and deferrer (each delivery looks up its own connections). */
    WebSocketDeliveryHandler(DeliveryProcessor processor) {
        this(processor, null);
    }

    /** The test seam with the batch's lookups: {@code lookups} must be the one the processor's {@link WebSocketSender} reads. */
    WebSocketDeliveryHandler(DeliveryProcessor processor, BatchConnections lookups) {
        this.processor = processor;
        this.lookups = lookups;
    }

    /** Starts the batch's connection lookups (one Query per distinct user, side by side), then claims and delivers. */
    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<String> prefetched = lookups == null ? List.of() : lookups.prefetch(event);
        try {
            return processor.handle(event);
        } finally {
            if (lookups != null) {
                lookups.forget(prefetched);
            }
        }
    }
}
