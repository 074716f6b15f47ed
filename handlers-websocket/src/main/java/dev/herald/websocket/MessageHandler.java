package dev.herald.websocket;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.herald.common.aws.AwsClients;
import dev.herald.common.config.Environment;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.store.DynamoDbConnectionStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The WebSocket API's {@code $default} route: a client's ack, read or history request
 * ({@link ClientRequest}). Replies (history, errors) go back to the same connection through the
 * {@code @connections} API. Always answers 200: a bad message is answered with an error frame.
 */
public final class MessageHandler implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
    private final ClientMessages messages;

    /** Lambda's entry point: builds the DynamoDB client once, at init. */
    public MessageHandler() {
        this(MessageConfig.fromEnvironment(Environment.current()), AwsClients.create().dynamoDb());
    }

    private MessageHandler(MessageConfig config, DynamoDbClient dynamo) {
        this(new ClientMessages(new DynamoDbConnectionStore(dynamo, config.connectionsTable()),
                new ClientActions(new DynamoDbDeliveryLedger(dynamo, config.deliveriesTable()))));
    }

    /** The test seam. */
    MessageHandler(ClientMessages messages) {
        this.messages = messages;
    }

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        return WebSocketResponses.of(200, messages.handle(event.getRequestContext().getConnectionId(), WebSocketResponses.body(event))
                .orElse(null));
    }
}
