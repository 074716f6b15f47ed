package dev.herald.router;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.herald.common.delivery.RenderedContent;
import dev.herald.common.enrichment.EnrichmentBatchRequest;
import dev.herald.common.enrichment.EnrichmentBatchResponse;
import dev.herald.common.enrichment.EnrichmentRequest;
import dev.herald.common.enrichment.EnrichmentResponse;
import dev.herald.common.event.Channel;
import dev.herald.common.json.Json;
import dev.herald.common.testing.LocalEngines;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * A real HTTP server on loopback speaking the Lambda Invoke REST API
 * ({@code POST /2015-03-31/functions/{name}/invocations}, https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html)
 * for the enrichment contract. It renders "{template} for {user}" per channel, and plays three failures:
 * function {@value #BROKEN} answers {@code X-Amz-Function-Error: Unhandled} as Lambda does when a handler throws;
 * users named {@code norender-*} get a per-recipient {@code error}; users named {@code brokenname-*} get an email
 * body holding half an emoji (a lone UTF-16 surrogate, as a naive {@code substring} of a display name makes),
 * which SQS refuses per entry (InvalidMessageContents). Function {@value #SLOW} answers only after
 * {@link #SLOW_ANSWER} (or when the server closes), longer than the router's timeout in the tests that call it.
 */
final class LambdaInvokeServer implements AutoCloseable {
    static final String FUNCTION = "herald-enrichment";
    static final String BROKEN = "herald-enrichment-broken";
    static final String SLOW = "herald-enrichment-slow";
    static final java.time.Duration SLOW_ANSWER = java.time.Duration.ofSeconds(3);
    private static final String PREFIX = "/2015-03-31/functions/";
    private static final String HALF_EMOJI = "@@HALF_EMOJI@@";

    final List<EnrichmentRequest> requests = new CopyOnWriteArrayList<>();
    /** Per Invoke, the requests it carried (one for a single request, all of a batch's for an EnrichmentBatchRequest). */
    final List<List<EnrichmentRequest>> invocations = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    LambdaInvokeServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(PREFIX, this::handle);
        // one thread per request: a slow function must not hold up the others
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    LambdaClient client() {
        return LambdaClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .region(LocalEngines.REGION).credentialsProvider(LocalEngines.CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String name = URLDecoder.decode(path.substring(PREFIX.length()).replaceFirst("/invocations$", ""), StandardCharsets.UTF_8);
        if (!"POST".equals(exchange.getRequestMethod()) || !path.endsWith("/invocations")
                || !"RequestResponse".equals(exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type"))) {
            respond(exchange, 400, Map.of("x-amzn-ErrorType", "InvalidRequestContentException"),
                    "{\"Type\":\"User\",\"message\":\"expected POST .../invocations with X-Amz-Invocation-Type RequestResponse\"}");
            return;
        }
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        boolean batch = Json.tree(body).path("requests").isArray();
        List<EnrichmentRequest> asked = batch ? Json.read(body, EnrichmentBatchRequest.class).requests()
                : List.of(Json.read(body, EnrichmentRequest.class));
        invocations.add(asked);
        requests.addAll(asked);
        if (name.equals(BROKEN)) {
            respond(exchange, 200, Map.of("X-Amz-Function-Error", "Unhandled"),
                    "{\"errorMessage\":\"profiles table unreachable\",\"errorType\":\"java.lang.IllegalStateException\",\"stackTrace\":[]}");
            return;
        }
        if (name.equals(SLOW)) {
            try {
                Thread.sleep(SLOW_ANSWER);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            name = FUNCTION;
        }
        if (!name.equals(FUNCTION)) {
            respond(exchange, 404, Map.of("x-amzn-ErrorType", "ResourceNotFoundException"),
                    "{\"Type\":\"User\",\"message\":\"Function not found: " + name + "\"}");
            return;
        }
        List<EnrichmentResponse> answers = asked.stream()
                .map(request -> new EnrichmentResponse(request.userIds().stream().map(u -> render(request, u)).toList())).toList();
        String json = Json.write(batch ? new EnrichmentBatchResponse(answers) : answers.get(0));
        // Jackson would write the lone surrogate as '?' once encoded; a JSON escape carries it intact, as a real function's would.
        respond(exchange, 200, Map.of(), json.replace(HALF_EMOJI, "\\ud83d"));
    }

    private static EnrichmentResponse.Rendered render(EnrichmentRequest request, String user) {
        if (user.startsWith("norender-")) {
            return new EnrichmentResponse.Rendered(user, null, null,
                    "template '" + request.templateId() + "' has no locale 'xx' and no default; add one to the Templates table");
        }
        String title = request.templateId() + " for " + user;
        String name = user.startsWith("brokenname-") ? "Zoë " + HALF_EMOJI : "friend";
        Map<Channel, RenderedContent> content = new LinkedHashMap<>();
        for (Channel c : request.channels()) {
            content.put(c, c == Channel.EMAIL
                    ? RenderedContent.email(title, "<p>Hello " + name + "</p>", "Hello " + name)
                    : RenderedContent.notification(title, "data " + request.data()));
        }
        return new EnrichmentResponse.Rendered(user, "en", content, null);
    }

    private static void respond(HttpExchange exchange, int status, Map<String, String> headers, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("X-Amz-Executed-Version", "$LATEST");
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
