package dev.herald.websocket;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.herald.common.aws.AwsClients;
import dev.herald.common.aws.SecretReader;
import dev.herald.common.config.Environment;
import dev.herald.common.http.JwtAuth;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The HTTP API's inbox routes, {@code GET /v1/inbox}, {@code POST /v1/inbox/{notificationId}/read}, {@code POST /v1/inbox/read-all}
 * and {@code GET /v1/deliveries/{deliveryId}}
 * ({@link InboxApi}): a user reads their own delivery ledger rows.
 */
public final class InboxApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final InboxApi api;

    /** Lambda's entry point: builds the clients once, at init; the JWT secret is read on first use ({@link JwtAuth}). */
    public InboxApiHandler() {
        this(InboxApiConfig.fromEnvironment(Environment.current()), AwsClients.create());
    }

    private InboxApiHandler(InboxApiConfig config, AwsClients aws) {
        this(api(JwtAuth.fromSecret(new SecretReader(aws.secretsManager()), config.jwtSecretId(), config.jwtAudiences()),
                aws.dynamoDb(), config.deliveriesTable()));
    }

    private static InboxApi api(JwtAuth auth, DynamoDbClient dynamo, String table) {
        DynamoDbDeliveryLedger ledger = new DynamoDbDeliveryLedger(dynamo, table);
        return new InboxApi(auth, ledger, new Inbox(dynamo, table, ledger));
    }

    /** The test seam. */
    InboxApiHandler(InboxApi api) {
        this.api = api;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return api.handle(event);
    }
}
