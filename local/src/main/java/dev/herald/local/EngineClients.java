package dev.herald.local;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The runtime's own SDK clients, talking to the engines directly (not through the edge port):
 * provisioning, the event bus's targets, the event-source mappings' polls, the dashboard's ledger reads.
 */
final class EngineClients implements AutoCloseable {
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private final DynamoDbClient dynamo;
    private final SqsClient sqs;

    /** @param counts counts each call these clients make (the event bus's targets and the mappings' polls are billed on AWS) */
    EngineClients(URI dynamoEndpoint, URI sqsEndpoint, String region, RequestCounts counts) {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        var counted = ClientOverrideConfiguration.builder().addExecutionInterceptor(counts.sdkInterceptor()).build();
        dynamo = DynamoDbClient.builder().endpointOverride(dynamoEndpoint).region(Region.of(region)).credentialsProvider(credentials)
                .httpClient(http).overrideConfiguration(counted).build();
        sqs = SqsClient.builder().endpointOverride(sqsEndpoint).region(Region.of(region)).credentialsProvider(credentials)
                .httpClient(http).overrideConfiguration(counted).build();
    }

    DynamoDbClient dynamo() {
        return dynamo;
    }

    SqsClient sqs() {
        return sqs;
    }

    @Override
    public void close() {
        dynamo.close();
        sqs.close();
        http.close();
    }
}
