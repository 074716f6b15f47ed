package dev.herald.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.herald.common.json.Json;
import dev.herald.common.testing.LocalEngines;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * A loopback HTTP server speaking the SES v2 {@code SendEmail} REST API
 * (https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SendEmail.html): {@code POST
 * /v2/email/outbound-emails} with a JSON body, answered {@code {"MessageId": ...}}; chosen addresses get
 * 429 {@code TooManyRequestsException} or 400 {@code MessageRejected} (error type in {@code x-amzn-ErrorType},
 * as AWS's REST-JSON services send it). Requests without a SigV4 signature are refused with 403, as SES would.
 * Keeps every accepted request body.
 */
final class SesStub implements AutoCloseable {
    static final String PATH = "/v2/email/outbound-emails";

    private final HttpServer server;
    private final List<JsonNode> accepted = new CopyOnWriteArrayList<>();
    private final Set<String> throttled = ConcurrentHashMap.newKeySet();
    private final Set<String> rejected = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger ids = new AtomicInteger();

    SesStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** An SES v2 client for this server: endpoint override and static credentials, as in any test of ours. */
    SesV2Client client() {
        return SesV2Client.builder().endpointOverride(endpoint()).region(LocalEngines.REGION)
                .credentialsProvider(LocalEngines.CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
    }

    void throttle(String address) {
        throttled.add(address.toLowerCase(Locale.ROOT));
    }

    void reject(String address) {
        rejected.add(address.toLowerCase(Locale.ROOT));
    }

    /** Accepted SendEmail bodies to {@code address}, oldest first. */
    List<JsonNode> sentTo(String address) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode body : accepted) {
            for (JsonNode to : body.at("/Destination/ToAddresses")) {
                if (to.asText().equalsIgnoreCase(address)) {
                    out.add(body);
                }
            }
        }
        return out;
    }

    /** Every request received, accepted or not (SDK retries included). */
    int requests() {
        return requests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("AWS4-HMAC-SHA256 ")) {
                error(exchange, 403, "MissingAuthenticationTokenException", "Missing Authentication Token");
                return;
            }
            if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().equals(PATH)) {
                error(exchange, 404, "NotFoundException", "no such operation " + exchange.getRequestMethod() + " " + exchange.getRequestURI());
                return;
            }
            JsonNode body;
            try {
                body = Json.tree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            } catch (Json.JsonException e) {
                error(exchange, 400, "BadRequestException", "body is not JSON");
                return;
            }
            for (JsonNode to : body.at("/Destination/ToAddresses")) {
                String address = to.asText().toLowerCase(Locale.ROOT);
                if (throttled.contains(address)) {
                    error(exchange, 429, "TooManyRequestsException", "Maximum sending rate exceeded.");
                    return;
                }
                if (rejected.contains(address)) {
                    error(exchange, 400, "MessageRejected", "Email address is not verified. The following identities failed the check in region EU-WEST-1: " + to.asText());
                    return;
                }
            }
            accepted.add(body);
            respond(exchange, 200, "{\"MessageId\":\"0102stub-" + ids.incrementAndGet() + "-000000\"}", null);
        }
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        respond(exchange, status, "{\"message\":" + Json.write(message) + "}", type);
    }

    private static void respond(HttpExchange exchange, int status, String json, String errorType) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("x-amzn-RequestId", "stub-" + System.nanoTime());
        if (errorType != null) {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
