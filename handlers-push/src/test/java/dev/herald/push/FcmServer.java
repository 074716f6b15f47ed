package dev.herald.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.herald.common.json.Json;
import dev.herald.common.testing.Fixtures;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP server speaking the FCM HTTP v1 send API
 * ({@code POST /v1/projects/{id}/messages:send}, bodies as in {@code fcm-v1-send-request.json} and
 * {@code fcm-v1-error.json}): it checks the bearer token, records every request, answers
 * {@code {"name": ...}}, or the error a test scripted for a token.
 */
final class FcmServer implements AutoCloseable {
    static final String PROJECT = "herald-test";
    final String accessToken = "test-" + UUID.randomUUID();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final Map<String, String> errors = new ConcurrentHashMap<>();

    FcmServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/projects/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The FCM secret Herald reads, pointing at this server. */
    String secretJson() {
        ObjectNode json = Json.object();
        json.put("projectId", PROJECT);
        json.put("accessToken", accessToken);
        json.put("rootUrl", "http://127.0.0.1:" + server.getAddress().getPort() + "/");
        return Json.write(json);
    }

    /** Makes FCM answer with an error for {@code token}: UNREGISTERED, UNAVAILABLE, INTERNAL, QUOTA_EXCEEDED or INVALID_TOKEN. */
    void fail(String token, String error) {
        errors.put(token, error);
    }

    /** The {@code message} objects received for the token. */
    List<JsonNode> messagesFor(String token) {
        return requests.stream().map(r -> r.get("message")).filter(m -> token.equals(m.path("token").asText())).toList();
    }

    List<String> authorizations() {
        return authorizations;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            if (!"POST".equals(exchange.getRequestMethod()) || !path.equals("/v1/projects/" + PROJECT + "/messages:send")) {
                respond(exchange, 404, error(404, "NOT_FOUND", "Unknown path " + path, null));
                return;
            }
            if (!("Bearer " + accessToken).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 401, error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.", null));
                return;
            }
            JsonNode body = Json.tree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            requests.add(body);
            String token = body.path("message").path("token").asText();
            switch (errors.getOrDefault(token, "")) {
                case "UNREGISTERED" -> respond(exchange, 404, Fixtures.read("fcm-v1-error.json"));
                case "UNAVAILABLE" -> {
                    respond(exchange, 503, error(503, "UNAVAILABLE", "The service is currently unavailable.", "UNAVAILABLE"));
                }
                case "INTERNAL" -> respond(exchange, 500, error(500, "INTERNAL", "Internal error encountered.", "INTERNAL"));
                case "QUOTA_EXCEEDED" -> respond(exchange, 429, error(429, "RESOURCE_EXHAUSTED",
                        "Quota exceeded for quota metric 'Send requests'.", "QUOTA_EXCEEDED"));
                case "INVALID_TOKEN" -> respond(exchange, 400, Json.write(Json.tree("""
                        {"error":{"code":400,"message":"The registration token is not a valid FCM registration token","status":"INVALID_ARGUMENT",
                         "details":[{"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"INVALID_ARGUMENT"},
                          {"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"field":"message.token",
                           "description":"The registration token is not a valid FCM registration token"}]}]}}""")));
                default -> respond(exchange, 200, "{\"name\":\"projects/" + PROJECT + "/messages/" + UUID.randomUUID() + "\"}");
            }
        }
    }

    private static String error(int code, String status, String message, String fcmErrorCode) {
        ObjectNode root = Json.object();
        ObjectNode error = root.putObject("error");
        error.put("code", code);
        error.put("message", message);
        error.put("status", status);
        if (fcmErrorCode != null) {
            ObjectNode detail = error.putArray("details").addObject();
            detail.put("@type", "type.googleapis.com/google.firebase.fcm.v1.FcmError");
            detail.put("errorCode", fcmErrorCode);
        }
        return Json.write(root);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
