package dev.herald.local.up;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** SDK clients pointed at a runtime's edge port, as an application with AWS_ENDPOINT_URL builds them. */
record EdgeClients(EventBridgeClient events, SqsClient sqs, DynamoDbClient dynamo, SecretsManagerClient secrets) implements AutoCloseable {
    static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    static EdgeClients of(URI edge, String region) {
        Region r = Region.of(region);
        return new EdgeClients(
                EventBridgeClient.builder().endpointOverride(edge).region(r).credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build(),
                SqsClient.builder().endpointOverride(edge).region(r).credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build(),
                DynamoDbClient.builder().endpointOverride(edge).region(r).credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build(),
                SecretsManagerClient.builder().endpointOverride(edge).region(r).credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build());
    }

    @Override
    public void close() {
        events.close();
        sqs.close();
        dynamo.close();
        secrets.close();
    }
}
