package dev.herald.local.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.auth.JwtVerifier;
import dev.herald.common.json.Json;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.common.topology.TableSpec;
import dev.herald.local.LocalRuntime;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/** DynamoDB, SQS and Secrets Manager on the edge port through the SDK, and the edge's protocol handling over raw HTTP. */
class EdgeServicesIT {
    private final LocalRuntime runtime = SharedRuntime.get();
    private final EdgeClients aws = SharedRuntime.clients();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void dynamoDb_listTables_showsEveryTopologyTable() {
        assertThat(aws.dynamo().listTables().tableNames())
                .containsAll(runtime.topology().tables().stream().map(TableSpec::name).toList());
    }

    @Test
    void dynamoDb_itemWrittenThroughEdge_readsBack() {
        String user = "user-" + UUID.randomUUID();
        aws.dynamo().putItem(r -> r.tableName(HeraldTopology.TABLE_PROFILES).item(Map.of("userId", AttributeValue.fromS(user),
                "displayName", AttributeValue.fromS("Ada"))));

        var item = aws.dynamo().getItem(r -> r.tableName(HeraldTopology.TABLE_PROFILES).key(Map.of("userId", AttributeValue.fromS(user)))).item();
        assertThat(item.get("displayName").s()).isEqualTo("Ada");
    }

    @Test
    void sqs_queueUrlsPointAtTheEdgeAndCarryTheRedrivePolicy() {
        String edge = runtime.edgeEndpoint().toString();
        assertThat(aws.sqs().listQueues().queueUrls()).hasSize(runtime.topology().queues().size()).allMatch(u -> u.startsWith(edge + "/000000000000/"));
        String url = aws.sqs().getQueueUrl(r -> r.queueName(HeraldTopology.QUEUE_PUSH)).queueUrl();
        var attributes = aws.sqs().getQueueAttributes(r -> r.queueUrl(url).attributeNamesWithStrings("All")).attributesAsStrings();

        assertThat(url).isEqualTo(edge + "/000000000000/" + HeraldTopology.QUEUE_PUSH);
        assertThat(attributes.get("RedrivePolicy")).contains("herald-push-dlq")
                .contains("\"maxReceiveCount\":" + HeraldTopology.CHANNEL_RETRY.maxReceiveCount());
        assertThat(attributes.get("QueueArn")).isEqualTo("arn:aws:sqs:" + runtime.region() + ":000000000000:herald-push");
    }

    @Test
    void sqs_sendAndReceiveThroughEdge() {
        String url = runtime.queueUrls().get(HeraldTopology.QUEUE_EMAIL);
        String body = "hello " + UUID.randomUUID();
        aws.sqs().sendMessage(r -> r.queueUrl(url).messageBody(body));

        assertThat(Queues.take(aws.sqs(), url, m -> m.body().equals(body), java.time.Duration.ofSeconds(20))).isPresent();
    }

    @Test
    void sqs_queryProtocol_toRootAndToQueueUrl_isServed() throws Exception {
        String edge = runtime.edgeEndpoint().toString();
        HttpResponse<String> list = form(edge + "/", "Action=ListQueues&Version=2012-11-05");
        HttpResponse<String> send = form(runtime.queueUrls().get(HeraldTopology.QUEUE_EMAIL + HeraldTopology.DLQ_SUFFIX),
                "Action=SendMessage&MessageBody=query-protocol&Version=2012-11-05");

        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("<QueueUrl>" + edge + "/000000000000/herald-ingress</QueueUrl>");
        assertThat(send.statusCode()).isEqualTo(200);
        assertThat(send.body()).contains("<MessageId>");
    }

    @Test
    void edge_unknownTargetOrForeignQueryAction_isUnknownOperationException() throws Exception {
        HttpResponse<String> target = http.send(HttpRequest.newBuilder(runtime.edgeEndpoint().resolve("/"))
                .header("X-Amz-Target", "Kinesis_20131202.PutRecord").header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> sts = form(runtime.edgeEndpoint() + "/", "Action=GetCallerIdentity&Version=2011-06-15");

        assertThat(target.statusCode()).isEqualTo(400);
        assertThat(Json.tree(target.body()).path("__type").asText()).isEqualTo("UnknownOperationException");
        assertThat(target.body()).contains("Kinesis_20131202.PutRecord");
        assertThat(sts.statusCode()).isEqualTo(400);
        assertThat(sts.body()).contains("UnknownOperationException").contains("GetCallerIdentity");
    }

    @Test
    void secrets_heraldSecretsAreThereAndMatchTheRuntime() {
        JsonNode jwt = secret(HeraldTopology.SECRET_JWT);
        JsonNode apns = secret(HeraldTopology.SECRET_APNS);
        JsonNode fcm = secret(HeraldTopology.SECRET_FCM);
        JsonNode email = secret(HeraldTopology.SECRET_EMAIL_TOKENS);

        // a token the runtime mints (the dashboard's) verifies with the secret the functions read
        assertThat(JwtVerifier.fromConfig(jwt).verify(runtime.tokenFor("user-1"))).isPresent();
        assertThat(apns.path("host").asText()).isEqualTo("localhost:" + runtime.apnsPort());
        assertThat(apns.path("signingKey").asText()).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(apns.path("trustedServerCertificate").asText()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(apns.path("teamId").asText()).hasSize(10);
        assertThat(fcm.path("rootUrl").asText()).isEqualTo(runtime.edgeEndpoint().toString());
        assertThat(email.path("baseUrl").asText()).isEqualTo(runtime.edgeEndpoint().toString());
        assertThat(email.path("hmacKey").asText()).isNotBlank();
    }

    @Test
    void secrets_fcmSecretOpensTheFcmEmulatorOnTheEdge() throws Exception {
        JsonNode fcm = secret(HeraldTopology.SECRET_FCM);
        URI send = URI.create(fcm.path("rootUrl").asText() + "/v1/projects/" + fcm.path("projectId").asText() + "/messages:send");
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(send).header("Authorization", "Bearer " + fcm.path("accessToken").asText())
                .POST(HttpRequest.BodyPublishers.ofString("{\"message\":{\"token\":\"t-1\",\"notification\":{\"title\":\"Hi\"}}}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("projects/herald-local/messages/");
    }

    @Test
    void secrets_createPutGet_andErrorsAsSecretsManager() {
        String name = "app/" + UUID.randomUUID();
        var created = aws.secrets().createSecret(r -> r.name(name).secretString("{\"v\":1}"));
        aws.secrets().putSecretValue(r -> r.secretId(created.arn()).secretString("{\"v\":2}"));

        var value = aws.secrets().getSecretValue(r -> r.secretId(name));
        assertThat(value.secretString()).isEqualTo("{\"v\":2}");
        assertThat(value.arn()).isEqualTo(created.arn()).startsWith("arn:aws:secretsmanager:" + runtime.region() + ":000000000000:secret:" + name + "-");
        assertThat(value.versionStages()).containsExactly("AWSCURRENT");
        assertThatThrownBy(() -> aws.secrets().createSecret(r -> r.name(name).secretString("{}"))).isInstanceOf(ResourceExistsException.class);
        assertThatThrownBy(() -> aws.secrets().getSecretValue(r -> r.secretId("no/such/secret"))).isInstanceOf(ResourceNotFoundException.class);
    }

    private JsonNode secret(String id) {
        return Json.tree(aws.secrets().getSecretValue(r -> r.secretId(id)).secretString());
    }

    private HttpResponse<String> form(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
