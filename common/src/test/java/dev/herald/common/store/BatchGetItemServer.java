package dev.herald.common.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.herald.common.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * A loopback HTTP server speaking DynamoDB's BatchGetItem (AWS JSON 1.0,
 * {@code X-Amz-Target: DynamoDB_20120810.BatchGetItem}) for one table, to exercise what DynamoDB Local
 * never does: hand back {@code UnprocessedKeys} as a throttled table does. Every requested user exists
 * with displayName "Name of ID"; the test's policy picks which keys of a call are left unprocessed.
 * Shape: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html
 */
final class BatchGetItemServer implements AutoCloseable {
    private final HttpServer server;
    private final String table;
    private final BiFunction<Integer, List<String>, List<String>> unprocessed;
    private final List<List<String>> calls = new CopyOnWriteArrayList<>();

    /** @param unprocessed (call number from 1, requested user ids) -> the ids to leave unprocessed */
    BatchGetItemServer(String table, BiFunction<Integer, List<String>, List<String>> unprocessed) throws IOException {
        this.table = table;
        this.unprocessed = unprocessed;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The user ids of each BatchGetItem call, in order. */
    List<List<String>> calls() {
        return List.copyOf(calls);
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        JsonNode body = Json.tree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!"DynamoDB_20120810.BatchGetItem".equals(target)) {
            answer(exchange, 400, Json.object().put("__type", "com.amazon.coral.service#UnknownOperationException").put("message", target));
            return;
        }
        List<String> ids = new ArrayList<>();
        body.path("RequestItems").path(table).path("Keys").forEach(k -> ids.add(k.path("userId").path("S").asText()));
        calls.add(ids);
        List<String> left = unprocessed.apply(calls.size(), ids);
        ObjectNode response = Json.object();
        ArrayNode items = response.putObject("Responses").putArray(table);
        ArrayNode keys = Json.mapper().createArrayNode();
        for (String id : ids) {
            if (left.contains(id)) {
                keys.addObject().putObject("userId").put("S", id);
            } else {
                ObjectNode item = items.addObject();
                item.putObject("userId").put("S", id);
                item.putObject("displayName").put("S", "Name of " + id);
            }
        }
        ObjectNode unprocessedKeys = response.putObject("UnprocessedKeys");
        if (!keys.isEmpty()) {
            unprocessedKeys.putObject(table).set("Keys", keys);
        }
        answer(exchange, 200, response);
    }

    private static void answer(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
