package dev.herald.websocket;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.herald.common.aws.AwsClients;
import dev.herald.common.aws.SecretReader;
import dev.herald.common.config.Environment;
import dev.herald.common.http.JwtAuth;
import dev.herald.common.store.DynamoDbPreferenceStore;
import dev.herald.common.store.DynamoDbTopicSettingsStore;
import dev.herald.common.store.DynamoDbTopicStore;

/** The end user's preferences and self-service topics ({@link UserApi}): {@code /v1/me/preferences}, {@code /v1/me/topics}. */
public final class UserApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final UserApi api;

    /** Lambda's entry point: builds the clients once, at init; the JWT secret is read on first use ({@link JwtAuth}). */
    public UserApiHandler() {
        this(UserApiConfig.fromEnvironment(Environment.current()), AwsClients.create());
    }

    private UserApiHandler(UserApiConfig config, AwsClients aws) {
        this(new UserApi(JwtAuth.fromSecret(new SecretReader(aws.secretsManager()), config.jwtSecretId(), config.jwtAudiences()),
                new DynamoDbPreferenceStore(aws.dynamoDb(), config.preferencesTable()),
                new DynamoDbTopicStore(aws.dynamoDb(), config.topicsTable()),
                new DynamoDbTopicSettingsStore(aws.dynamoDb(), config.topicSettingsTable())));
    }

    /** The test seam. */
    UserApiHandler(UserApi api) {
        this.api = api;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return api.handle(event);
    }
}
