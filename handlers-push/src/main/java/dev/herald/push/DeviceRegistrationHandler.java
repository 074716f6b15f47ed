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
import dev.herald.common.store.DynamoDbDeviceTokenStore;

/**
 * The device API function behind the HTTP API routes {@code PUT /v1/devices} and
 * {@code DELETE /v1/devices/{token}} (payload format 2.0): apps register and remove their push tokens
 * for the signed-in user. Behaviour and status codes: {@link DeviceApi}. A DynamoDB fault answers 503
 * (the client may retry; any other exception fails the invocation, which API Gateway answers with 500).
 * The JWT settings come from the secret in {@code HERALD_JWT_SECRET_ID}, read on first use (not at init: the
 * function starts while the secret holds the stack's placeholder) and again every few minutes; until it is usable
 * every request answers 503 with the reason.
 */
public final class DeviceRegistrationHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final DeviceApi api;

    public DeviceRegistrationHandler() {
        this(wire(RegistrationConfig.fromEnvironment(Environment.current()), AwsClients.create()));
    }

    DeviceRegistrationHandler(DeviceApi api) {
        this.api = api;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return HttpResponses.unlessUnavailable("device store", () -> api.handle(event));
    }

    private static DeviceApi wire(RegistrationConfig config, AwsClients clients) {
        JwtAuth auth = JwtAuth.fromSecret(new SecretReader(clients.secretsManager()), config.jwtSecretId(), config.jwtAudiences());
        return new DeviceApi(auth, new DynamoDbDeviceTokenStore(clients.dynamoDb(), config.deviceTokensTable()));
    }
}
