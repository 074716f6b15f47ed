package dev.herald.admin;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.herald.common.aws.AwsClients;
import dev.herald.common.config.Clocks;
import dev.herald.common.config.Environment;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The admin API (HTTP API, payload format 2.0), behind the JWT authorizer with the {@code herald/admin} scope:
 * routes ({@link RouteAdmin}), templates ({@link TemplateAdmin}) and profiles ({@link ProfileAdmin}) under
 * {@code /v1/admin/}. Every write is validated and refused with 400 and the problems field by field.
 */
public final class AdminApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final AdminApi api;

    /** Lambda's constructor: tables from the environment, the default DynamoDB client. */
    public AdminApiHandler() {
        this(AdminConfig.fromEnvironment(Environment.current()), AwsClients.create().dynamoDb(), Clocks.current());
    }

    AdminApiHandler(AdminConfig config, DynamoDbClient dynamo, Clock clock) {
        this.api = new AdminApi(config, dynamo, clock);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return api.handle(event);
    }
}
