package dev.herald.common.aws;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The one place SDK clients are built: once, at function init, with an explicit HTTP client and
 * timeouts below the function timeout. Region and endpoints come from the SDK's own conventions -
 * {@code AWS_REGION}, {@code AWS_ENDPOINT_URL} and {@code AWS_ENDPOINT_URL_<SERVICE>} (or the
 * {@code aws.region} / {@code aws.endpointUrl} system properties) - so the same jar talks to AWS or
 * to {@code herald up} with no Herald-specific switch.
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
 */
public final class AwsClients {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);
    /** Below every function timeout in the Topology (10 s is the smallest). */
    private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(8);

    private final SdkHttpClient http;
    private final ClientOverrideConfiguration overrides;

    private AwsClients(SdkHttpClient http, ClientOverrideConfiguration overrides) {
        this.http = http;
        this.overrides = overrides;
    }

    /** The factory a function uses: one HTTP client shared by all its SDK clients. */
    public static AwsClients create() {
        return new AwsClients(
                UrlConnectionHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT).socketTimeout(SOCKET_TIMEOUT).build(),
                ClientOverrideConfiguration.builder().apiCallTimeout(API_CALL_TIMEOUT).build());
    }

    public DynamoDbClient dynamoDb() {
        return DynamoDbClient.builder().httpClient(http).overrideConfiguration(overrides).build();
    }

    public SqsClient sqs() {
        return SqsClient.builder().httpClient(http).overrideConfiguration(overrides).build();
    }


    public EventBridgeClient eventBridge() {
        return EventBridgeClient.builder().httpClient(http).overrideConfiguration(overrides).build();
    }

    public LambdaClient lambda() {
        return LambdaClient.builder().httpClient(http).overrideConfiguration(overrides).build();
    }

    public SesV2Client sesV2() {
        return SesV2Client.builder().httpClient(http).overrideConfiguration(overrides).build();
    }

    /** EventBridge Scheduler (one-time schedules for long deferrals; {@code AWS_ENDPOINT_URL} reaches {@code herald up}'s). */
    public SchedulerClient scheduler() {
        return SchedulerClient.builder().httpClient(http).overrideConfiguration(overrides).build();
    }

    /** AWS End User Messaging SMS ({@code AWS_ENDPOINT_URL} reaches {@code herald up}'s emulator). */
    public PinpointSmsVoiceV2Client pinpointSmsVoiceV2() {
        return PinpointSmsVoiceV2Client.builder().httpClient(http).overrideConfiguration(overrides).build();
    }

    public SecretsManagerClient secretsManager() {
        return SecretsManagerClient.builder().httpClient(http).overrideConfiguration(overrides).build();
    }

    /**
     * The {@code @connections} client of a WebSocket API. The endpoint is the API's own
     * (https://{api-id}.execute-api.{region}.amazonaws.com/{stage}), which the SDK cannot derive.
     */
    public ApiGatewayManagementApiClient apiGatewayManagementApi(URI endpoint) {
        return ApiGatewayManagementApiClient.builder().httpClient(http).overrideConfiguration(overrides)
                .endpointOverride(endpoint).build();
    }
}
