package dev.herald.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.json.Json;
import dev.herald.common.testing.Fixtures;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.common.topology.WebSocketApiSpec;
import dev.herald.local.FunctionInvoker;
import dev.herald.local.testing.WebSocketTestClient;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GetConnectionResponse;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PayloadTooLargeException;

class WebSocketGatewayIT {
    private static final long WAIT = 30;

    /** Stands in for the Lambda host: records each invocation, answers by route. */
    private final List<Invocation> invocations = new CopyOnWriteArrayList<>();
    private volatile String connectAnswer = "{\"statusCode\":200}";
    private volatile boolean connectThrows;
    private volatile String defaultAnswer = "{\"statusCode\":200}";
    private WebSocketGateway gateway;
    private Javalin edge;
    private ApiGatewayManagementApiClient management;

    record Invocation(String function, JsonNode event) {
    }

    @BeforeEach
    void start() {
        startGateway(HeraldTopology.standard().webSocketApi());
    }

    private void startGateway(WebSocketApiSpec spec) {
        FunctionInvoker invoker = (function, payload) -> {
            invocations.add(new Invocation(function, Json.tree(payload)));
            if (function.equals(HeraldTopology.FN_WS_CONNECT)) {
                if (connectThrows) {
                    throw new FunctionInvoker.FunctionError("IllegalStateException", "boom", null);
                }
                return connectAnswer;
            }
            return function.equals(HeraldTopology.FN_WS_MESSAGE) ? defaultAnswer : "{\"statusCode\":200}";
        };
        gateway = new WebSocketGateway(spec, invoker, "127.0.0.1", 0).start();
        edge = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = "127.0.0.1";
            gateway.managementApi().install(config);
        }).start(0);
        management = ApiGatewayManagementApiClient.builder()
                .endpointOverride(URI.create("http://localhost:" + edge.port() + "/" + spec.stage()))
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterEach
    void stop() {
        management.close();
        edge.stop();
        gateway.close();
    }

    @Test
    void connect_passesHeadersAndQueryStringToConnectFunction_inApiGatewayShape() throws Exception {
        WebSocketTestClient client = connect("?token=abc.def.ghi");

        Invocation connect = awaitInvocation(i -> i.function().equals(HeraldTopology.FN_WS_CONNECT));
        JsonNode fixture = Json.tree(Fixtures.read("apigw-websocket-connect.json"));
        assertThat(fieldNames(connect.event())).containsAll(fieldNames(fixture));
        assertThat(fieldNames(connect.event().get("requestContext"))).containsAll(fieldNames(fixture.get("requestContext")));
        assertThat(connect.event().at("/queryStringParameters/token").asText()).isEqualTo("abc.def.ghi");
        assertThat(connect.event().at("/multiValueQueryStringParameters/token/0").asText()).isEqualTo("abc.def.ghi");
        assertThat(connect.event().at("/requestContext/eventType").asText()).isEqualTo("CONNECT");
        assertThat(connect.event().at("/requestContext/routeKey").asText()).isEqualTo("$connect");
        assertThat(connect.event().at("/requestContext/stage").asText()).isEqualTo("live");
        assertThat(connect.event().at("/requestContext/connectionId").asText()).matches("[A-Za-z0-9_-]{15}=");
        assertThat(connect.event().at("/headers/Sec-WebSocket-Key").asText()).isNotBlank();
        assertThat(connect.event().at("/isBase64Encoded").asBoolean(true)).isFalse();
        assertThat(gateway.connectionIds()).contains(connect.event().at("/requestContext/connectionId").asText());
        client.abort();
    }

    @Test
    void connect_whenConnectFunctionAnswers401_refusesHandshakeWith401() {
        connectAnswer = "{\"statusCode\":401,\"body\":\"Unauthorized\"}";

        assertThatThrownBy(() -> connect("?token=forged"))
                .hasCauseInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode()).isEqualTo(401));
        assertThat(gateway.connectionCount()).isZero();
    }

    @Test
    void connect_whenConnectFunctionThrows_refusesHandshakeWith500() {
        connectThrows = true;

        assertThatThrownBy(() -> connect(""))
                .hasCauseInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode()).isEqualTo(500));
    }

    @Test
    void postToConnection_throughSdkClient_reachesBrowserAsTextFrame() throws Exception {
        WebSocketTestClient client = connect("");
        String id = connectionIdOf(client);

        management.postToConnection(r -> r.connectionId(id).data(SdkBytes.fromUtf8String("{\"title\":\"Order shipped\"}")));

        assertThat(client.nextFrame(Duration.ofSeconds(WAIT))).isEqualTo("{\"title\":\"Order shipped\"}");
        GetConnectionResponse info = management.getConnection(r -> r.connectionId(id));
        assertThat(info.connectedAt()).isNotNull();
        assertThat(info.lastActiveAt()).isNotNull();
        assertThat(info.identity().sourceIp()).isEqualTo("127.0.0.1");
        client.abort();
    }

    @Test
    void postToConnection_afterClientClosed_answersGoneAndRunsDisconnect() throws Exception {
        WebSocketTestClient client = connect("");
        String id = connectionIdOf(client);

        client.webSocket().sendClose(1000, "bye").get(WAIT, TimeUnit.SECONDS);
        Invocation disconnect = awaitInvocation(i -> i.function().equals(HeraldTopology.FN_WS_DISCONNECT));

        assertThat(disconnect.event().at("/requestContext/connectionId").asText()).isEqualTo(id);
        assertThat(disconnect.event().at("/requestContext/eventType").asText()).isEqualTo("DISCONNECT");
        assertThat(disconnect.event().at("/requestContext/disconnectStatusCode").asInt()).isEqualTo(1000);
        assertThatThrownBy(() -> management.postToConnection(r -> r.connectionId(id).data(SdkBytes.fromUtf8String("{}"))))
                .isInstanceOf(GoneException.class)
                .satisfies(e -> assertThat(((GoneException) e).statusCode()).isEqualTo(410));
    }

    @Test
    void postToConnection_forUnknownId_answersGone() {
        assertThatThrownBy(() -> management.postToConnection(r -> r.connectionId("AAAAAAAAAAAAAAA=").data(SdkBytes.fromUtf8String("{}"))))
                .isInstanceOf(GoneException.class);
    }

    @Test
    void postToConnection_above128Kilobytes_answersPayloadTooLarge() throws Exception {
        WebSocketTestClient client = connect("");
        String id = connectionIdOf(client);

        assertThatThrownBy(() -> management.postToConnection(r -> r.connectionId(id).data(SdkBytes.fromUtf8String("x".repeat(128 * 1024 + 1)))))
                .isInstanceOf(PayloadTooLargeException.class);
        client.abort();
    }

    @Test
    void deleteConnection_closesClientAndRunsDisconnect() throws Exception {
        WebSocketTestClient client = connect("");
        String id = connectionIdOf(client);

        management.deleteConnection(r -> r.connectionId(id));

        assertThat(client.closed().get(WAIT, TimeUnit.SECONDS)).isEqualTo(1000);
        awaitInvocation(i -> i.function().equals(HeraldTopology.FN_WS_DISCONNECT)
                && i.event().at("/requestContext/connectionId").asText().equals(id));
        assertThatThrownBy(() -> management.getConnection(r -> r.connectionId(id))).isInstanceOf(GoneException.class);
    }

    @Test
    void message_goesToDefaultRouteWithBody() throws Exception {
        WebSocketTestClient client = connect("");
        String id = connectionIdOf(client);

        client.webSocket().sendText("{\"action\":\"ack\",\"deliveryId\":\"dlv-1\"}", true).get(WAIT, TimeUnit.SECONDS);

        Invocation message = awaitInvocation(i -> i.function().equals(HeraldTopology.FN_WS_MESSAGE));
        JsonNode fixture = Json.tree(Fixtures.read("apigw-websocket-default-message.json"));
        assertThat(fieldNames(message.event().get("requestContext"))).containsAll(fieldNames(fixture.get("requestContext")));
        assertThat(message.event().get("body").asText()).isEqualTo("{\"action\":\"ack\",\"deliveryId\":\"dlv-1\"}");
        assertThat(message.event().at("/requestContext/connectionId").asText()).isEqualTo(id);
        assertThat(message.event().at("/requestContext/eventType").asText()).isEqualTo("MESSAGE");
        client.abort();
    }

    @Test
    void message_onTheTwoWayDefaultRoute_getsTheFunctionsBodyBack_asAwsSendsARouteResponse() throws Exception {
        defaultAnswer = "{\"statusCode\":200,\"body\":\"{\\\"type\\\":\\\"history\\\",\\\"items\\\":[]}\"}";
        WebSocketTestClient client = connect("");

        client.webSocket().sendText("{\"action\":\"history\"}", true).get(WAIT, TimeUnit.SECONDS);

        assertThat(client.nextFrame(Duration.ofSeconds(WAIT))).isEqualTo("{\"type\":\"history\",\"items\":[]}");
        client.abort();
    }

    @Test
    void message_onAOneWayDefaultRoute_getsNothingBack() throws Exception {
        stop();
        WebSocketApiSpec standard = HeraldTopology.standard().webSocketApi();
        startGateway(new WebSocketApiSpec(standard.name(), standard.stage(), standard.routes(), standard.managementFunctions(),
                standard.idleTimeout(), standard.maxConnectionTime()));
        defaultAnswer = "{\"statusCode\":200,\"body\":\"pong\"}";
        WebSocketTestClient client = connect("");

        client.webSocket().sendText("{\"action\":\"history\"}", true).get(WAIT, TimeUnit.SECONDS);
        awaitInvocation(i -> i.function().equals(HeraldTopology.FN_WS_MESSAGE));

        assertThat(client.nextFrame(Duration.ofSeconds(2))).isNull();
        client.abort();
    }

    @Test
    void connection_openLongerThanMaximumConnectionTime_isClosedWithGoingAway() throws Exception {
        stop();
        WebSocketApiSpec standard = HeraldTopology.standard().webSocketApi();
        startGateway(new WebSocketApiSpec(standard.name(), standard.stage(), standard.routes(), standard.managementFunctions(),
                standard.idleTimeout(), Duration.ofSeconds(1)));
        WebSocketTestClient client = connect("");

        assertThat(client.closed().get(WAIT, TimeUnit.SECONDS)).isEqualTo(1001);
    }

    @Test
    void connection_idleLongerThanIdleTimeout_isClosed() throws Exception {
        stop();
        WebSocketApiSpec standard = HeraldTopology.standard().webSocketApi();
        startGateway(new WebSocketApiSpec(standard.name(), standard.stage(), standard.routes(), standard.managementFunctions(),
                Duration.ofSeconds(1), standard.maxConnectionTime()));
        WebSocketTestClient client = connect("");

        assertThat(client.closed().get(WAIT, TimeUnit.SECONDS)).isEqualTo(1001);
    }

    private String connectionIdOf(WebSocketTestClient client) throws InterruptedException {
        return awaitInvocation(i -> i.function().equals(HeraldTopology.FN_WS_CONNECT))
                .event().at("/requestContext/connectionId").asText();
    }

    private Invocation awaitInvocation(Predicate<Invocation> match) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
        while (System.nanoTime() < deadline) {
            for (Invocation i : invocations) {
                if (match.test(i)) {
                    return i;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no matching invocation within " + WAIT + " s; got " + invocations);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private WebSocketTestClient connect(String query) {
        return WebSocketTestClient.connect(URI.create(gateway.endpoint() + query));
    }
}
