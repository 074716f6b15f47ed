package dev.herald.local.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.event.Channel;
import dev.herald.common.json.Json;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.ledger.LedgerEntry;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.EventPublisher;
import dev.herald.local.FunctionInvoker;
import dev.herald.local.emulators.SesEmulator;
import dev.herald.local.gateway.HttpApiGateway;
import dev.herald.local.gateway.LocalJwt;
import dev.herald.local.gateway.WebSocketGateway;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The dashboard page in headless Chromium against the real gateway, HTTP API, SES emulator and
 * ledger (DynamoDB Local). The Lambda host and the handler pipeline are stood in for by a small
 * publisher that does what the pipeline does for each recipient - posts a frame through the
 * {@code @connections} API with the SDK, sends an email through SES with the SDK, writes the ledger
 * row - so this test pins the page's own behaviour; the end-to-end run through {@code LocalRuntime}
 * and the real handlers is the core engineer's.
 */
class DashboardPageIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private final LocalJwt jwt = LocalJwt.generate("http://localhost/herald", "herald-api");
    private final Map<String, String> userByConnection = new ConcurrentHashMap<>();
    private final SesEmulator ses = new SesEmulator();
    private DynamoDbDeliveryLedger ledger;
    private WebSocketGateway gateway;
    private Javalin edge;
    private ApiGatewayManagementApiClient management;
    private SesV2Client sesClient;
    private HeadlessChromium browser;

    @BeforeEach
    void start() {
        assumeTrue(HeadlessChromium.available(), "SKIPPED: " + HeadlessChromium.BINARY
                + " is missing; install the Debian package `chromium` (.ci/install-test-tools does) to run the dashboard browser test");
        LocalEngines engines = LocalEngines.get();
        ledger = new DynamoDbDeliveryLedger(engines.dynamo(), HeraldTopology.TABLE_DELIVERIES);
        FunctionInvoker lambdaHost = (function, payload) -> {
            JsonNode event = Json.tree(payload);
            if (function.equals(HeraldTopology.FN_WS_CONNECT)) {
                var claims = jwt.verify(event.at("/queryStringParameters/token").asText(""));
                if (claims.isEmpty()) {
                    return "{\"statusCode\":401}";
                }
                userByConnection.put(event.at("/requestContext/connectionId").asText(), (String) claims.get().get("sub"));
            }
            return "{\"statusCode\":200}";
        };
        gateway = new WebSocketGateway(HeraldTopology.standard().webSocketApi(), lambdaHost, "127.0.0.1", 0).start();
        HttpApiGateway api = new HttpApiGateway(HeraldTopology.standard().httpApi(), lambdaHost, this::pipeline, HeraldTopology.BUS, jwt);
        Dashboard dashboard = new Dashboard(gateway::endpoint, jwt::mint, null, null, ses, ledger, List.of("user-1", "user-2", "user-3"));
        edge = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = "127.0.0.1";
            dashboard.install(config);
            api.install(config);
            gateway.managementApi().install(config);
            ses.install(config);
        }).start(0);
        URI edgeUri = URI.create("http://localhost:" + edge.port());
        management = ApiGatewayManagementApiClient.builder().endpointOverride(edgeUri.resolve("/live")).region(Region.EU_WEST_1)
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
        sesClient = SesV2Client.builder().endpointOverride(edgeUri).region(Region.EU_WEST_1)
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** Stands in for router + channel handlers: frame, email and ledger row per recipient. */
    private List<EventPublisher.Result> pipeline(List<EventPublisher.Entry> entries) {
        List<EventPublisher.Result> results = new ArrayList<>();
        for (EventPublisher.Entry entry : entries) {
            String notificationId = UUID.randomUUID().toString();
            JsonNode detail = Json.tree(entry.detail());
            for (JsonNode r : detail.get("recipients")) {
                String userId = r.asText();
                String deliveryId = DeliveryIds.of(notificationId, Channel.WEBSOCKET, userId);
                Instant now = Instant.now();
                ledger.recordIfAbsent(new LedgerEntry(deliveryId, notificationId, userId, "websocket", entry.detailType(), "orders",
                        DeliveryStatus.SENT, null, 1, "Order " + detail.at("/data/orderId").asText(), detail.at("/data/note").asText(), now, now));
                ObjectNode frame = Json.object();
                frame.put("deliveryId", deliveryId);
                frame.put("title", "Order " + detail.at("/data/orderId").asText() + " shipped");
                frame.set("data", detail.get("data"));
                userByConnection.forEach((connectionId, user) -> {
                    if (user.equals(userId)) {
                        management.postToConnection(p -> p.connectionId(connectionId).data(SdkBytes.fromUtf8String(Json.write(frame))));
                    }
                });
                sesClient.sendEmail(s -> s.fromEmailAddress("notifications@example.com").destination(d -> d.toAddresses(userId + "@example.com"))
                        .content(c -> c.simple(m -> m.subject(t -> t.data("Order " + detail.at("/data/orderId").asText() + " shipped"))
                                .body(b -> b.text(t -> t.data(detail.at("/data/note").asText()))))));
            }
            results.add(new EventPublisher.Result(notificationId, null, null));
        }
        return results;
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (edge != null) {
            management.close();
            sesClient.close();
            edge.stop();
            gateway.close();
        }
    }

    @Test
    void dashboard_connectPublishAndLookUp_showsFrameEmailAndLedgerRow_withEventDataEscaped() throws Exception {
        browser = new HeadlessChromium("http://localhost:" + edge.port() + "/dashboard");
        browser.awaitTrue("document.body && document.body.dataset.ready === 'true'", WAIT);

        browser.evaluate("document.getElementById('user-id').value = 'user-2'; document.getElementById('connect-button').click()");
        browser.awaitTrue("document.getElementById('connection-status').textContent === 'connected as user-2'", WAIT);

        String xss = "<img src=x onerror=\\\"window.__xss = 1\\\"><script>window.__xss = 2</script>";
        browser.evaluate("document.getElementById('event-detail').value = JSON.stringify({recipients: ['user-2'], "
                + "channels: ['websocket', 'email'], data: {orderId: 'A-17', note: \"" + xss + "\"}}); "
                + "document.getElementById('publish-button').click()");
        browser.awaitTrue("document.querySelectorAll('#frames li').length === 1", WAIT);
        browser.awaitTrue("document.getElementById('publish-result').textContent.startsWith('Published, event id')", WAIT);

        String frameText = browser.evaluate("document.querySelector('#frames li pre').textContent").asText();
        assertThat(frameText).contains("Order A-17 shipped").contains("<img src=x onerror=");
        assertThat(browser.evaluate("document.querySelectorAll('#frames img, #frames script, #emails img, #ledger img').length").asInt()).isZero();

        browser.evaluate("document.getElementById('refresh-emulators').click()");
        browser.awaitTrue("[...document.querySelectorAll('#emails tr.email')].some(r => r.textContent.includes('user-2@example.com'))", WAIT);

        browser.evaluate("document.getElementById('ledger-find').click()");
        browser.awaitTrue("document.querySelectorAll('#ledger tr.ledger-row').length === 1", WAIT);
        assertThat(browser.evaluate("document.querySelector('#ledger tr.ledger-row').textContent").asText()).contains("user-2").contains("SENT");

        browser.evaluate("document.getElementById('ledger-list').click()");
        browser.awaitTrue("document.querySelectorAll('#ledger tr.ledger-row').length >= 1", WAIT);
        assertThat(browser.evaluate("window.__xss === undefined").asBoolean()).isTrue();
    }

    @Test
    void dashboard_publishInvalidEvent_showsEveryReason() throws Exception {
        browser = new HeadlessChromium("http://localhost:" + edge.port() + "/");
        browser.awaitTrue("document.body && document.body.dataset.ready === 'true'", WAIT);

        browser.evaluate("document.getElementById('event-detail').value = '{\"recipients\": [], \"priority\": \"urgent\"}'; "
                + "document.getElementById('publish-button').click()");

        browser.awaitTrue("document.querySelectorAll('#publish-problems li').length >= 3", WAIT);
        String problems = browser.evaluate("document.getElementById('publish-problems').textContent").asText();
        assertThat(problems).contains("detail.recipients").contains("detail.priority");
    }

    @Test
    void tokenEndpoint_rejectsMalformedUserId() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + edge.port() + "/dashboard/api/token"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"<script>\"}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
    }
}
