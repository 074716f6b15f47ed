package dev.herald.sms;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.herald.common.aws.AwsClients;
import dev.herald.common.aws.SecretReader;
import dev.herald.common.config.Clocks;
import dev.herald.common.config.Environment;
import dev.herald.common.http.HttpResponses;
import dev.herald.common.http.JwtAuth;

/**
 * The phone API function behind {@code PUT|GET|DELETE /v1/me/phone} (HTTP API, payload format 2.0; the user's JWT).
 * Behaviour and status codes: {@link PhoneApi}. A DynamoDB fault answers 503 (the client may retry). The JWT settings
 * come from the secret in {@code HERALD_JWT_SECRET_ID}, read on first use and again every few minutes.
 */
public final class PhoneApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final PhoneApi api;

    public PhoneApiHandler() {
        this(wire(PhoneApiConfig.fromEnvironment(Environment.current()), AwsClients.create()));
    }

    PhoneApiHandler(PhoneApi api) {
        this.api = api;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return HttpResponses.unlessUnavailable("phone number store", () -> api.handle(event));
    }

    private static PhoneApi wire(PhoneApiConfig config, AwsClients clients) {
        JwtAuth auth = JwtAuth.fromSecret(new SecretReader(clients.secretsManager()), config.jwtSecretId(), config.jwtAudiences());
        return new PhoneApi(auth, new PhoneNumberStore(clients.dynamoDb(), config.phoneNumbersTable()), Clocks.current());
    }
}
