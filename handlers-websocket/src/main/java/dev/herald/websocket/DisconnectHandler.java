package dev.herald.websocket;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.herald.common.aws.AwsClients;
import dev.herald.common.config.Environment;
import dev.herald.common.store.ConnectionStore;
import dev.herald.common.store.DynamoDbConnectionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket API's {@code $disconnect} route: deletes the connection's row. API Gateway runs it on a
 * best-effort basis, so rows also carry a TTL and a delivery to a gone connection deletes its row too.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-keys-connect-disconnect.html
 */
public final class DisconnectHandler implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(DisconnectHandler.class);

    private final ConnectionStore connections;

    /** Lambda's entry point: builds the DynamoDB client once, at init. */
    public DisconnectHandler() {
        this(new DynamoDbConnectionStore(AwsClients.create().dynamoDb(),
                DisconnectConfig.fromEnvironment(Environment.current()).connectionsTable()));
    }

    /** The test seam. */
    DisconnectHandler(ConnectionStore connections) {
        this.connections = connections;
    }

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        var request = event.getRequestContext();
        connections.delete(request.getConnectionId());
        LOG.info("websocket disconnected connectionId={}", request.getConnectionId());
        return WebSocketResponses.of(200, null);
    }
}
