package dev.herald.webhook;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.herald.common.aws.AwsClients;
import dev.herald.common.config.Clocks;
import dev.herald.common.config.Environment;
import dev.herald.common.http.HttpResponses;

/**
 * The webhook admin API function behind {@code GET /v1/admin/webhooks}, {@code GET|PUT|DELETE /v1/admin/webhooks/{endpointId}}
 * and {@code POST /v1/admin/webhooks/{endpointId}/enable}; the HTTP API's authorizer requires the admin scope on each.
 * Behaviour and status codes: {@link WebhookApi}. A DynamoDB fault answers 503.
 */
public final class WebhookAdminHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final WebhookApi api;

    public WebhookAdminHandler() {
        this(wire(WebhookApiConfig.fromEnvironment(Environment.current()), AwsClients.create()));
    }

    WebhookAdminHandler(WebhookApi api) {
        this.api = api;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return HttpResponses.unlessUnavailable("webhook store", () -> api.handle(event));
    }

    private static WebhookApi wire(WebhookApiConfig config, AwsClients clients) {
        return new WebhookApi(new WebhookStore(clients.dynamoDb(), config.webhooksTable()),
                new AddressPolicy(config.allowLoopback(), AddressPolicy.SYSTEM), Clocks.current());
    }
}
