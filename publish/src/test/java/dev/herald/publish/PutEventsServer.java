package dev.herald.publish;

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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP server speaking EventBridge's PutEvents (AWS JSON 1.1: {@code POST /},
 * {@code X-Amz-Target: AWSEvents.PutEvents}). It answers as the service does
 * (shapes: the putevents-response*.json fixtures): HTTP 200 with one result per entry in order,
 * {@code EventId} or {@code ErrorCode}/{@code ErrorMessage}, and {@code FailedEntryCount}. Like the
 * service it refuses a request of more than 10 entries or more than 256 KB of entries with a 400
 * ValidationException. Which entries fail is up to the test's {@link Policy}.
 */
final class PutEventsServer implements AutoCloseable {
    static final int MAX_REQUEST_BYTES = 256 * 1024;

    /** One received entry, as sent. */
    record Entry(String source, String detailType, String detail, String busName) {
        String notificationId() {
            return Json.tree(detail).path("notificationId").asText(null);
        }

        JsonNode detailJson() {
            return Json.tree(detail);
        }
    }

    /** One received PutEvents request. */
    record Request(String target, List<Entry> entries, int entryBytes) {
    }

    /** Decides an entry's fate; {@code sends} counts the sends of its notificationId (1 the first time). */
    @FunctionalInterface
    interface Policy {
        /** @return null to accept, or {ErrorCode, ErrorMessage} */
        String[] failure(Entry entry, int sends);
    }

    private final HttpServer server;
    private final Policy policy;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> sends = new ConcurrentHashMap<>();
    private volatile String[] requestFailure;
    private int nextId;

    private PutEventsServer(Policy policy) throws IOException {
        this.policy = policy;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    static PutEventsServer start(Policy policy) {
        try {
            return new PutEventsServer(policy);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the PutEvents server", e);
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Every entry received, in order, across requests. */
    List<Entry> entries() {
        return requests.stream().flatMap(r -> r.entries().stream()).toList();
    }

    /** From now on answer every request with this HTTP status and error type (as a missing bus does). */
    void failEveryRequest(int status, String type, String message) {
        requestFailure = new String[] {Integer.toString(status), type, message};
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (!"AWSEvents.PutEvents".equals(target)) {
            answer(exchange, 400, error("UnknownOperationException", "this server only speaks AWSEvents.PutEvents, got " + target));
            return;
        }
        JsonNode body = Json.tree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        List<Entry> entries = new ArrayList<>();
        int bytes = 0;
        for (JsonNode e : body.path("Entries")) {
            Entry entry = new Entry(e.path("Source").asText(), e.path("DetailType").asText(), e.path("Detail").asText(), e.path("EventBusName").asText());
            entries.add(entry);
            // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html
            bytes += utf8(entry.source()) + utf8(entry.detailType()) + utf8(entry.detail()) + (e.has("Time") ? 14 : 0);
            for (JsonNode r : e.path("Resources")) {
                bytes += utf8(r.asText());
            }
        }
        requests.add(new Request(target, entries, bytes));
        String[] failure = requestFailure;
        if (failure != null) {
            answer(exchange, Integer.parseInt(failure[0]), error(failure[1], failure[2]));
            return;
        }
        if (entries.isEmpty() || entries.size() > 10) {
            answer(exchange, 400, error("ValidationException", "1 validation error detected: Value at 'entries' failed to satisfy constraint: "
                    + "Member must have length less than or equal to 10"));
            return;
        }
        if (bytes > MAX_REQUEST_BYTES) {
            answer(exchange, 400, error("ValidationException", "Total size of the entries in the request is over the limit."));
            return;
        }
        ObjectNode response = Json.object();
        ArrayNode results = response.putArray("Entries");
        int failed = 0;
        for (Entry entry : entries) {
            int n = sends.merge(String.valueOf(entry.notificationId()), 1, Integer::sum);
            String[] f = policy.failure(entry, n);
            if (f == null) {
                results.addObject().put("EventId", String.format("00000000-0000-4000-8000-%012d", ++nextId));
            } else {
                failed++;
                results.addObject().put("ErrorCode", f[0]).put("ErrorMessage", f[1]);
            }
        }
        response.put("FailedEntryCount", failed);
        answer(exchange, 200, response);
    }

    private static ObjectNode error(String type, String message) {
        return Json.object().put("__type", type).put("message", message);
    }

    private static void answer(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().add("x-amzn-RequestId", "req-" + System.nanoTime());
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
