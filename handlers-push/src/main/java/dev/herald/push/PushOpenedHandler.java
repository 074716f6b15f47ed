package dev.herald.push;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.herald.common.aws.AwsClients;
import dev.herald.common.aws.SecretReader;
import dev.herald.common.config.Environment;
import dev.herald.common.http.HttpResponses;
import dev.herald.common.http.JwtAuth;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.orchestration.ReadMarker;

/**
 * The function behind {@code POST /v1/notifications/{notificationId}/opened} (payload format 2.0): the app reports a
 * push the user opened; behaviour and status codes: {@link OpenedApi}. A DynamoDB fault answers 503.
 */
public final class PushOpenedHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final OpenedApi api;

    public PushOpenedHandler() {
        this(wire(OpenedConfig.fromEnvironment(Environment.current()), AwsClients.create()));
    }

    PushOpenedHandler(OpenedApi api) {
        this.api = api;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return HttpResponses.unlessUnavailable("delivery ledger", () -> api.handle(event));
    }

    private static OpenedApi wire(OpenedConfig config, AwsClients clients) {
        JwtAuth auth = JwtAuth.fromSecret(new SecretReader(clients.secretsManager()), config.jwtSecretId(), config.jwtAudiences());
        return new OpenedApi(auth, new ReadMarker(new DynamoDbDeliveryLedger(clients.dynamoDb(), config.deliveriesTable())));
    }
}
