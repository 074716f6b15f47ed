package dev.herald.websocket;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.herald.common.testing.LocalEngines;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;

/**
 * A loopback server speaking API Gateway's {@code @connections} management API as the SDK calls it:
 * {@code POST {endpoint}/@connections/{connectionId}} with the frame as the body. 200 and the frame is
 * recorded; 410 {@code GoneException} for ids marked gone (or never seen: as on AWS, only ids marked
 * open are accepted); 500 or 429 for ids marked flaky or throttled. Errors carry
 * {@code x-amzn-ErrorType} and a JSON {@code message}, as the REST-JSON protocol does.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-how-to-call-websocket-api-connections.html
 */
final class ManagementApiServer implements AutoCloseable {
    static final String STAGE = "live";

    private enum Behaviour { OPEN, GONE, FAIL_500, THROTTLE_429 }

    private final HttpServer server;
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final Map<String, List<String>> frames = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    ManagementApiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code http://127.0.0.1:<port>/live}, shaped like {@code https://{api-id}.execute-api.{region}.amazonaws.com/{stage}}. */
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + STAGE);
    }

    /** An SDK client for this server, built as {@code AwsClients} builds it but with test region and credentials. */
    ApiGatewayManagementApiClient client() {
        return ApiGatewayManagementApiClient.builder().endpointOverride(endpoint()).region(LocalEngines.REGION)
                .credentialsProvider(LocalEngines.CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
    }

    void open(String connectionId) {
        behaviours.put(connectionId, Behaviour.OPEN);
    }

    void gone(String connectionId) {
        behaviours.put(connectionId, Behaviour.GONE);
    }

    void failing(String connectionId) {
        behaviours.put(connectionId, Behaviour.FAIL_500);
    }

    void throttling(String connectionId) {
        behaviours.put(connectionId, Behaviour.THROTTLE_429);
    }

    /** The frames accepted for a connection, in order. */
    List<String> frames(String connectionId) {
        return List.copyOf(frames.getOrDefault(connectionId, List.of()));
    }

    /** How many posts reached the server for a connection (SDK retries included). */
    int attempts(String connectionId) {
        AtomicInteger n = attempts.get(connectionId);
        return n == null ? 0 : n.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String prefix = "/" + STAGE + "/@connections/";
            String path = exchange.getRequestURI().getPath(); // decoded: ids like "V4bq3dH0DoECJ-w=" arrive as %3D
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (!"POST".equals(exchange.getRequestMethod()) || !path.startsWith(prefix)) {
                respond(exchange, 404, "NotFoundException", "no route " + exchange.getRequestMethod() + " " + path);
                return;
            }
            String id = path.substring(prefix.length());
            attempts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            switch (behaviours.getOrDefault(id, Behaviour.GONE)) {
                case OPEN -> {
                    frames.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(new String(body, StandardCharsets.UTF_8));
                    exchange.sendResponseHeaders(200, -1);
                }
                case GONE -> respond(exchange, 410, "GoneException", null);
                case FAIL_500 -> respond(exchange, 500, "InternalServerErrorException", "Internal server error");
                case THROTTLE_429 -> respond(exchange, 429, "LimitExceededException", "Rate exceeded");
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String errorType, String message) throws IOException {
        byte[] json = (message == null ? "{\"message\":null}" : "{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("x-amzn-ErrorType", errorType);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, json.length);
        exchange.getResponseBody().write(json);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
