package dev.herald.local.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.herald.common.json.Json;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.LocalRuntime;
import dev.herald.local.RuntimeOptions;
import dev.herald.local.dashboard.DashboardGuard;
import dev.herald.local.edge.EdgeCredentials;
import dev.herald.local.testing.NetworkAddresses;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code herald up --host 0.0.0.0}, attacked from this machine's non-loopback address as another machine on the
 * network would: AWS API calls need a valid SigV4 signature made with the printed key (unsigned, unknown key and
 * wrong secret are refused in AWS's error shapes; the SDK with the printed key works), the dashboard refuses a
 * foreign Host or Origin, and its state-changing calls need JSON and this run's token; faults stay loopback-only.
 */
class ExposedEdgeIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalRuntime runtime;
    /** http://<non-loopback address>:<edge port> */
    private static URI exposed;
    private static URI loopback;

    @BeforeAll
    static void start() throws IOException {
        Optional<InetAddress> address = NetworkAddresses.nonLoopback();
        assumeTrue(address.isPresent(), "this machine has no non-loopback IPv4 address to call herald up from; the test needs one");
        RuntimeOptions ephemeral = RuntimeOptions.ephemeral(Files.createTempDirectory("herald-exposed-data"), Files.createTempDirectory("herald-exposed-repo"));
        runtime = LocalRuntime.start(new RuntimeOptions("0.0.0.0", 0, 0, 0, ephemeral.dataDir(), ephemeral.repoRoot(), ephemeral.region(), false,
                RuntimeOptions.LogFormat.HUMAN));
        int port = runtime.edgeEndpoint().getPort();
        exposed = URI.create("http://" + address.get().getHostAddress() + ":" + port);
        loopback = URI.create("http://127.0.0.1:" + port);
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void beyondLoopback_theKeyIsRandomAndEnforced() {
        EdgeCredentials credentials = runtime.credentials();
        assertThat(credentials.enforced()).isTrue();
        assertThat(credentials.accessKeyId()).isNotEqualTo("local").startsWith("AKHERALD");
        assertThat(credentials.secretAccessKey()).hasSize(40);
        assertThat(credentials.toString()).doesNotContain(credentials.secretAccessKey());
    }

    @Test
    void unsignedGetSecretValue_isRefusedWithUnrecognizedClient_andGivesNoSecret() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(exposed.resolve("/"))
                .header("X-Amz-Target", "secretsmanager.GetSecretValue").header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"SecretId\":\"" + HeraldTopology.SECRET_JWT + "\"}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("UnrecognizedClientException");
        assertThat(Json.tree(response.body()).path("__type").asText()).isEqualTo("UnrecognizedClientException");
        assertThat(response.body()).doesNotContain("hs256Secret");
    }

    @Test
    void unsignedSqsQueryCall_isRefusedInTheQueryProtocolsXml() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(exposed.resolve("/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("Action=ListQueues&Version=2012-11-05")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("<ErrorResponse>").contains("<Code>UnrecognizedClientException</Code>").doesNotContain("herald-ingress");
    }

    @Test
    void unsignedRestCalls_lambdaInvokeAndConnections_areRefused() throws Exception {
        for (String path : new String[] {"/2015-03-31/functions/" + HeraldTopology.FN_ROUTER + "/invocations", "/live/@connections/abc",
                "/v2/email/outbound-emails"}) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(exposed.resolve(path))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(403);
            assertThat(response.headers().firstValue("x-amzn-ErrorType")).as(path).hasValue("UnrecognizedClientException");
        }
    }

    @Test
    void sdkSignedWithThePrintedKey_isServed_secretsDynamoDbAndSqs() {
        EdgeCredentials c = runtime.credentials();
        AwsBasicCredentials key = AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey());
        try (SecretsManagerClient secrets = secrets(key); DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(exposed)
                .region(Region.of(runtime.region())).credentialsProvider(StaticCredentialsProvider.create(key))
                .httpClient(UrlConnectionHttpClient.create()).build();
             SqsClient sqs = SqsClient.builder().endpointOverride(exposed).region(Region.of(runtime.region()))
                     .credentialsProvider(StaticCredentialsProvider.create(key)).httpClient(UrlConnectionHttpClient.create()).build()) {
            assertThat(secrets.getSecretValue(r -> r.secretId(HeraldTopology.SECRET_JWT)).secretString()).contains("hs256Secret");
            assertThat(dynamo.listTables().tableNames()).contains(HeraldTopology.TABLE_DELIVERIES);
            assertThat(sqs.listQueues().queueUrls()).anyMatch(u -> u.endsWith("/" + HeraldTopology.QUEUE_INGRESS));
        }
    }

    @Test
    void sdkSignedWithTheRightKeyButAnotherSecret_isRefusedWithSignatureDoesNotMatch() {
        try (SecretsManagerClient secrets = secrets(AwsBasicCredentials.create(runtime.credentials().accessKeyId(), "not-the-printed-secret"))) {
            assertThatThrownBy(() -> secrets.getSecretValue(r -> r.secretId(HeraldTopology.SECRET_JWT)))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                    });
        }
    }

    @Test
    void sdkSignedWithTheLoopbackDefaultKey_isRefusedWithUnrecognizedClient() {
        try (SecretsManagerClient secrets = secrets(AwsBasicCredentials.create("local", "local"))) {
            assertThatThrownBy(() -> secrets.getSecretValue(r -> r.secretId(HeraldTopology.SECRET_APNS)))
                    .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
                    });
        }
    }

    @Test
    void dashboard_withAForeignHost_isRefused_evenOnLoopback() throws IOException {
        String rebinding = raw(loopback, "GET /dashboard/api/config HTTP/1.1\r\nHost: rebind.attacker.example:" + loopback.getPort()
                + "\r\nConnection: close\r\n\r\n");
        assertThat(rebinding).startsWith("HTTP/1.1 403").contains("is not localhost or an IP address");

        String page = raw(loopback, "GET /dashboard HTTP/1.1\r\nHost: rebind.attacker.example\r\nConnection: close\r\n\r\n");
        assertThat(page).startsWith("HTTP/1.1 403").doesNotContain(runtime.dashboardToken());

        String fromExposed = raw(exposed, "GET /dashboard/api/emails HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
        assertThat(fromExposed).startsWith("HTTP/1.1 403");
    }

    @Test
    void dashboardDataAndDevTokens_fromTheNetwork_areRefused_evenUnderTheIpAddress() throws Exception {
        for (String path : new String[] {"/dashboard/api/emails", "/dashboard/api/pushes", "/dashboard/api/users/user-1/deliveries"}) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(exposed.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(403);
        }
        HttpResponse<String> token = HTTP.send(HttpRequest.newBuilder(exposed.resolve("/dashboard/api/producer-token"))
                .header("Content-Type", "application/json").header(DashboardGuard.TOKEN_HEADER, runtime.dashboardToken())
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(token.statusCode()).as("producer token from the network, even with the page's token").isEqualTo(403);
    }

    @Test
    void dashboard_withAForeignOrigin_isRefused() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(loopback.resolve("/dashboard/api/token"))
                .header("Origin", "http://attacker.example").header("Content-Type", "application/json")
                .header(DashboardGuard.TOKEN_HEADER, runtime.dashboardToken())
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"user-1\"}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).doesNotContain("token\":\"ey");
    }

    @Test
    void dashboardPage_onLoopback_carriesThisRunsToken() throws Exception {
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(loopback.resolve("/dashboard")).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<meta name=\"herald-dashboard-token\" content=\"" + runtime.dashboardToken() + "\">");
    }

    @Test
    void faults_withoutTheToken_orAsAForm_orFromTheNetwork_areRefused_withBoth_fromLoopback_accepted() throws Exception {
        String fault = "{\"target\":\"apns\",\"key\":\"exposed-edge-device\",\"status\":500,\"times\":1}";
        assertThat(postFault(loopback, "application/json", null, fault).statusCode()).as("no token").isEqualTo(403);
        assertThat(postFault(loopback, "application/json", "0".repeat(64), fault).statusCode()).as("wrong token").isEqualTo(403);
        assertThat(postFault(loopback, "text/plain", runtime.dashboardToken(), fault).statusCode()).as("CSRF-able content type").isEqualTo(415);
        assertThat(postFault(loopback, "application/x-www-form-urlencoded", runtime.dashboardToken(), "target=apns&key=x").statusCode())
                .as("form").isEqualTo(415);
        HttpResponse<String> remote = postFault(exposed, "application/json", runtime.dashboardToken(), fault);
        assertThat(remote.statusCode()).as("from the network, even with the token").isEqualTo(403);
        assertThat(remote.body()).contains("only injected for callers on this machine");
        assertThat(postFault(loopback, "application/json", runtime.dashboardToken(), fault).statusCode()).as("the dashboard's own call").isEqualTo(204);
        runtime.apns().faults().clear();
    }

    @Test
    void httpApi_stillAnswersOnTheNetwork_withItsOwnBearerCheck() throws Exception {
        HttpResponse<String> withoutToken = postEvent(null);
        HttpResponse<String> producer = postEvent(runtime.producerToken("shop", false));

        assertThat(withoutToken.statusCode()).as(withoutToken.body()).isEqualTo(401);
        // past the JWT authorizer and its scope check, no SigV4 asked: the request reaches the ingestion function's
        // integration (this runtime has no function jars, so it answers 500, as API Gateway does for a failed integration)
        assertThat(producer.statusCode()).as(producer.body()).isNotIn(401, 403);
    }

    private static HttpResponse<String> postEvent(String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(exposed.resolve("/v1/events")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"source\":\"shop.orders\",\"detailType\":\"order.shipped\",\"detail\":{\"recipients\":[\"user-1\"]}}"));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postFault(URI base, String contentType, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/dashboard/api/faults")).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header(DashboardGuard.TOKEN_HEADER, token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static SecretsManagerClient secrets(AwsBasicCredentials key) {
        return SecretsManagerClient.builder().endpointOverride(exposed).region(Region.of(runtime.region()))
                .credentialsProvider(StaticCredentialsProvider.create(key)).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** One HTTP/1.1 exchange over a plain socket: HttpClient will not send a Host header of our choosing. */
    private static String raw(URI base, String request) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
