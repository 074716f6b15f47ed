package dev.herald.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.demo.DemoSeed;
import dev.herald.local.demo.DemoUpload;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code herald up --demo} without function jars: seeded data, sample events waiting in the ingress queue, and the banner. */
class HeraldUpIT {
    @TempDir
    Path data;
    @TempDir
    Path repo;

    @Test
    void upWithDemo_seedsPublishesAndPrintsEveryEndpoint() throws Exception {
        try (LocalRuntime runtime = LocalRuntime.start(RuntimeOptions.ephemeral(data, repo).withDemo(true))) {
            var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
            DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(runtime.edgeEndpoint()).region(Region.of(runtime.region()))
                    .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
            SqsClient sqs = SqsClient.builder().endpointOverride(runtime.edgeEndpoint()).region(Region.of(runtime.region()))
                    .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            HeraldUp.printBanner(new PrintStream(out, true, StandardCharsets.UTF_8), runtime, 1234);
            String banner = out.toString(StandardCharsets.UTF_8);

            assertThat(runtime.demo().written()).isPositive();
            assertThat(dynamo.getItem(r -> r.tableName(HeraldTopology.TABLE_PROFILES)
                    .key(Map.of("userId", AttributeValue.fromS(DemoSeed.USERS.getFirst())))).hasItem()).isTrue();
            List<String> bodies = sqs.receiveMessage(r -> r.queueUrl(runtime.queueUrls().get(HeraldTopology.QUEUE_INGRESS))
                    .maxNumberOfMessages(10).waitTimeSeconds(5)).messages().stream().map(m -> m.body()).toList();
            assertThat(bodies).anyMatch(b -> b.contains("demo-order-A-17"));
            // seed 004: the demo's bucket (EventBridge on) holds the uploaded file
            var listing = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(runtime.edgeEndpoint() + "/" + DemoUpload.BUCKET + "?list-type=2")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(listing).contains("<Key>" + DemoUpload.KEY + "</Key>");
            assertThat(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(runtime.edgeEndpoint() + "/" + DemoUpload.BUCKET + "?notification")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body()).contains("<EventBridgeConfiguration>");
            assertThat(runtime.unbuiltFunctions()).contains(HeraldTopology.FN_ROUTER);
            assertThat(banner)
                    .contains("export AWS_ENDPOINT_URL=" + runtime.edgeEndpoint() + " AWS_REGION=eu-west-1 AWS_DEFAULT_REGION=eu-west-1 AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local")
                    .contains(runtime.webSocketEndpoint().toString())
                    .contains(runtime.dashboardUrl().toString())
                    .contains("aws events put-events --endpoint-url " + runtime.edgeEndpoint())
                    .contains("Not built")
                    .contains("herald up: ready in 1234 ms");
            dynamo.close();
            sqs.close();
        }
    }
}
