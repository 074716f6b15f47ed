package dev.herald.websocket;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.herald.common.aws.AwsClients;
import dev.herald.common.aws.SecretReader;
import dev.herald.common.config.Clocks;
import dev.herald.common.config.Environment;
import dev.herald.common.http.JwtAuth;
import dev.herald.common.store.ConnectionStore;
import dev.herald.common.store.DynamoDbConnectionStore;
import dev.herald.websocket.ConnectAuthenticator.Result;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket API's {@code $connect} route: verifies the handshake's JWT ({@link ConnectAuthenticator})
 * and stores the connection under the token's subject. A missing or invalid token answers 401, which
 * makes API Gateway refuse the handshake, and stores nothing; so does 503 while the JWT secret is not usable
 * (or the identity provider's keys cannot be fetched).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-keys-connect-disconnect.html
 */
public final class ConnectHandler implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectHandler.class);

    private final ConnectAuthenticator authenticator;
    private final ConnectionStore connections;
    private final Clock clock;

    /**
     * Lambda's entry point: builds the clients once, at init. The JWT secret is read on first use (and again after
     * a few minutes), so the function starts while it still holds the stack's placeholder; until then a handshake
     * answers 503 with the reason.
     */
    public ConnectHandler() {
        this(ConnectConfig.fromEnvironment(Environment.current()), AwsClients.create());
    }

    private ConnectHandler(ConnectConfig config, AwsClients aws) {
        this(new ConnectAuthenticator(JwtAuth.fromSecret(new SecretReader(aws.secretsManager()), config.jwtSecretId(), config.jwtAudiences())),
                new DynamoDbConnectionStore(aws.dynamoDb(), config.connectionsTable()), Clocks.current());
    }

    /** The test seam. */
    ConnectHandler(ConnectAuthenticator authenticator, ConnectionStore connections, Clock clock) {
        this.authenticator = authenticator;
        this.connections = connections;
        this.clock = clock;
    }

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        var request = event.getRequestContext();
        return switch (authenticator.authenticate(event.getQueryStringParameters(), event.getHeaders())) {
            case Result.Refused refused -> {
                LOG.info("websocket connect refused connectionId={} reason={}", request.getConnectionId(), refused.reason());
                yield WebSocketResponses.of(401, refused.reason());
            }
            case Result.Unavailable unavailable -> {
                LOG.error("websocket connect refused with 503: tokens cannot be checked connectionId={} reason={}",
                        request.getConnectionId(), unavailable.reason());
                yield WebSocketResponses.of(503, unavailable.reason());
            }
            case Result.Accepted accepted -> {
                // API Gateway's connectedAt starts the 2-hour clock; it is 0 only in hand-made events
                Instant connectedAt = request.getConnectedAt() > 0 ? Instant.ofEpochMilli(request.getConnectedAt()) : clock.instant();
                connections.put(ConnectionStore.Connection.opened(request.getConnectionId(), accepted.userId(), connectedAt));
                LOG.info("websocket connected connectionId={} userId={}", request.getConnectionId(), accepted.userId());
                yield WebSocketResponses.of(200, null);
            }
        };
    }
}
