package dev.herald.websocket;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.herald.common.aws.AwsClients;
import dev.herald.common.aws.SecretReader;
import dev.herald.common.config.Environment;
import dev.herald.common.http.JwtAuth;
import dev.herald.common.store.DynamoDbTopicSettingsStore;
import dev.herald.common.store.DynamoDbTopicStore;

/** The operator's topic membership and ledger routes ({@link AudienceAdminApi}): {@code /v1/admin/topics/...}, {@code /v1/admin/ledger}. */
public final class AudienceAdminHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final AudienceAdminApi api;

    /** Lambda's entry point: builds the clients once, at init; the JWT secret is read on first use ({@link JwtAuth}). */
    public AudienceAdminHandler() {
        this(AudienceAdminConfig.fromEnvironment(Environment.current()), AwsClients.create());
    }

    private AudienceAdminHandler(AudienceAdminConfig config, AwsClients aws) {
        this(new AudienceAdminApi(JwtAuth.fromSecret(new SecretReader(aws.secretsManager()), config.jwtSecretId(), config.jwtAudiences()),
                new DynamoDbTopicStore(aws.dynamoDb(), config.topicsTable()),
                new DynamoDbTopicSettingsStore(aws.dynamoDb(), config.topicSettingsTable()),
                new LedgerQuery(aws.dynamoDb(), config.deliveriesTable())));
    }

    /** The test seam. */
    AudienceAdminHandler(AudienceAdminApi api) {
        this.api = api;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return api.handle(event);
    }
}
