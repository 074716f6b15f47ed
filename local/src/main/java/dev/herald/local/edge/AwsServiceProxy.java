package dev.herald.local.edge;

import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards an AWS call as-is to an engine on loopback (DynamoDB Local, ElasticMQ) and relays its
 * answer unchanged - status, headers (so checksums like DynamoDB's {@code x-amz-crc32} still hold)
 * and body. The request keeps its method, path, query string, headers and body; only hop-by-hop
 * headers are dropped. Signatures are not checked by the engines, so rewriting nothing is enough.
 * <p>An engine that does not answer gives 503 {@code ServiceUnavailable} naming it, which the SDKs retry.
 */
public final class AwsServiceProxy implements AwsJsonService {
    /** Sees every call this proxy forwards: may add to the request body, and reads the engine's answer. */
    public interface Meter {
        /** The body to forward for {@code operation}: {@code body} itself or a rewritten copy. */
        byte[] request(String operation, byte[] body);

        /** The engine's answer to a call whose forwarded body was {@code request}. */
        void answered(String operation, byte[] request, int status, byte[] answer);
    }

    private static final Meter NO_METER = new Meter() {
        @Override
        public byte[] request(String operation, byte[] body) {
            return body;
        }

        @Override
        public void answered(String operation, byte[] request, int status, byte[] answer) {
        }
    };

    private static final Logger LOG = LoggerFactory.getLogger(AwsServiceProxy.class);
    /** Headers that describe one connection, not the request (RFC 9110 7.6.1), and those HttpClient sets itself. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer",
            "transfer-encoding", "upgrade", "host", "content-length", "expect", "http2-settings");

    private final String prefix;
    private final String engine;
    private final URI backend;
    private final HttpClient http;
    private final Duration timeout;
    private final Meter meter;

    /**
     * @param prefix  the {@code X-Amz-Target} prefix served, e.g. {@code DynamoDB_20120810}
     * @param engine  a name for messages, e.g. {@code DynamoDB Local}
     * @param backend the engine's base URL, e.g. {@code http://127.0.0.1:8000}
     * @param timeout per call; above SQS's 20 s long poll
     */
    public AwsServiceProxy(String prefix, String engine, URI backend, Duration timeout) {
        this(prefix, engine, backend, timeout, NO_METER);
    }

    /** @param meter sees each call and its answer (e.g. DynamoDB's consumed capacity for the load harness) */
    public AwsServiceProxy(String prefix, String engine, URI backend, Duration timeout, Meter meter) {
        this.meter = meter;
        this.prefix = prefix;
        this.engine = engine;
        this.backend = backend;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    }

    @Override
    public String targetPrefix() {
        return prefix;
    }

    @Override
    public void handle(String operation, byte[] original, Context ctx) {
        byte[] body = meter.request(operation, original);
        String query = ctx.queryString();
        URI target = backend.resolve(ctx.path() + (query == null || query.isEmpty() ? "" : "?" + query));
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(timeout)
                .method(ctx.method().name(), HttpRequest.BodyPublishers.ofByteArray(body));
        for (String name : ctx.headerMap().keySet()) {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                for (String value : java.util.Collections.list(ctx.req().getHeaders(name))) {
                    request.header(name, value);
                }
            }
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            LOG.warn("engine did not answer engine={} operation={} error={}", engine, operation, e.toString());
            AwsJson.error(ctx, 503, "ServiceUnavailable", engine + " did not answer (" + e.getMessage() + "); is herald up still running?");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            AwsJson.error(ctx, 503, "ServiceUnavailable", "herald up is stopping");
            return;
        }
        meter.answered(operation, body, response.statusCode(), response.body());
        ctx.status(response.statusCode());
        for (Map.Entry<String, List<String>> h : response.headers().map().entrySet()) {
            String name = h.getKey();
            String lower = name.toLowerCase(Locale.ROOT);
            if (name.startsWith(":") || HOP_BY_HOP.contains(lower) || lower.equals("date") || lower.equals("server")) {
                continue;
            }
            if (name.equalsIgnoreCase("content-type")) {
                ctx.contentType(h.getValue().getFirst());
                continue;
            }
            for (String value : h.getValue()) {
                ctx.res().addHeader(name, value);
            }
        }
        ctx.result(response.body());
    }
}
