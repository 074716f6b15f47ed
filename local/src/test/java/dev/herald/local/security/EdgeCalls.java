package dev.herald.local.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.LocalRuntime;
import dev.herald.local.testing.WebSocketTestClient;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * What a client of {@code herald up} does, over the wire: HTTP API calls with a bearer token,
 * WebSocket handshakes, the dashboard's JSON endpoints, the Lambda Invoke API (to call a function
 * directly, past the gateway's authorizer) and Secrets Manager - all on the runtime's loopback ports.
 */
final class EdgeCalls implements AutoCloseable {
    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private final LocalRuntime runtime;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final LambdaClient lambda;
    private final SecretsManagerClient secrets;

    EdgeCalls(LocalRuntime runtime) {
        this.runtime = runtime;
        Region region = Region.of(runtime.region());
        lambda = LambdaClient.builder().endpointOverride(runtime.edgeEndpoint()).region(region).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).build();
        secrets = SecretsManagerClient.builder().endpointOverride(runtime.edgeEndpoint()).region(region).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** The runtime's JWT settings as its functions read them ({@code herald/jwt}). */
    AttackTokens attackTokens() {
        JsonNode jwt = secret(HeraldTopology.SECRET_JWT);
        return new AttackTokens(Base64.getDecoder().decode(jwt.path("hs256Secret").asText()), jwt.path("issuer").asText(),
                jwt.path("audience").asText());
    }

    JsonNode secret(String id) {
        return Json.tree(secrets.getSecretValue(r -> r.secretId(id)).secretString());
    }

    /** An HTTP API call on the edge port; {@code jwt} null sends no Authorization header. */
    HttpResponse<String> api(String method, String path, String jwt, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(runtime.edgeEndpoint() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (jwt != null) {
            b.header("Authorization", "Bearer " + jwt);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A dashboard JSON endpoint, e.g. {@code /dashboard/api/emails}. */
    JsonNode dashboard(String path) {
        return Json.tree(api("GET", path, null, null).body());
    }

    /**
     * Invokes an HTTP API function directly through the Lambda Invoke API with a payload-format-2.0 event,
     * as API Gateway would after its authorizer - here with no authorizer in front: only the function's own
     * check stands. Returns the function's response object ({@code statusCode}, {@code body}).
     */
    JsonNode invokeHttpFunction(String function, String method, String path, Map<String, String> pathParameters, String jwt, String body) {
        ObjectNode event = Json.object();
        event.put("version", "2.0").put("routeKey", method + " " + routeOf(path, pathParameters)).put("rawPath", path).put("rawQueryString", "");
        ObjectNode headers = event.putObject("headers");
        headers.put("content-type", "application/json");
        if (jwt != null) {
            headers.put("authorization", "Bearer " + jwt);
        }
        if (!pathParameters.isEmpty()) {
            ObjectNode p = event.putObject("pathParameters");
            pathParameters.forEach(p::put);
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("routeKey", event.path("routeKey").asText()).put("stage", "$default").put("requestId", "security-it");
        context.putObject("http").put("method", method).put("path", path).put("protocol", "HTTP/1.1").put("sourceIp", "127.0.0.1");
        if (body != null) {
            event.put("body", body).put("isBase64Encoded", false);
        }
        return invoke(function, Json.write(event));
    }

    /** Invokes a hosted function with a JSON payload and returns its JSON answer. */
    JsonNode invoke(String function, String payload) {
        var response = lambda.invoke(r -> r.functionName(function).payload(SdkBytes.fromUtf8String(payload)));
        String answer = response.payload().asUtf8String();
        if (response.functionError() != null) {
            throw new AssertionError(function + " failed (" + response.functionError() + "): " + answer);
        }
        return Json.tree(answer);
    }

    private static String routeOf(String path, Map<String, String> pathParameters) {
        String route = path;
        for (var e : pathParameters.entrySet()) {
            route = route.replace(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8), "{" + e.getKey() + "}").replace(e.getValue(), "{" + e.getKey() + "}");
        }
        return route;
    }

    /** A browser's WebSocket: either open ({@code client} collecting its text frames), or refused with the handshake's status. */
    record Socket(WebSocketTestClient client, int refusedStatus) {
        boolean open() {
            return client != null;
        }

        WebSocket webSocket() {
            return client.webSocket();
        }

        /** The next frame containing {@code text}, waiting up to {@code patience}. */
        JsonNode awaitFrame(String text, Duration patience) throws InterruptedException {
            return client.awaitFrame(text, patience);
        }

        void close() {
            if (client != null) {
                client.close();
            }
        }
    }

    /** Opens the gateway's WebSocket with {@code ?token=} (null: none), as a browser does. */
    Socket connect(String jwt) {
        URI uri = URI.create(runtime.webSocketEndpoint() + (jwt == null ? "" : "?token=" + URLEncoder.encode(jwt, StandardCharsets.UTF_8)));
        try {
            return new Socket(WebSocketTestClient.connect(uri), 0);
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return new Socket(null, h.getResponse().statusCode());
            }
            throw e;
        }
    }

    @Override
    public void close() {
        lambda.close();
        secrets.close();
    }
}
