package dev.herald.local.edge;

import dev.herald.local.EdgeComponent;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one port every AWS-compatible endpoint of {@code herald up} answers on (4566 by default), so
 * {@code AWS_ENDPOINT_URL=http://localhost:4566} works for the SDKs and the CLI alike:
 * <ul>
 *   <li>AWS JSON-protocol calls ({@code POST /} with {@code X-Amz-Target: <prefix>.<Operation>}) go
 *       to the {@link AwsJsonService} with that prefix; an unknown prefix answers 400
 *       {@code UnknownOperationException} naming the target and what is served;</li>
 *   <li>SQS query-protocol calls (a form body with {@code Action=}, to {@code /} or a queue URL
 *       {@code /<account>/<queue>}, as older AWS CLIs send them) go to the query-protocol service;</li>
 *   <li>everything else is routed by path to the {@link EdgeComponent}s (REST-style AWS APIs such
 *       as SES v2 and {@code @connections}, the Lambda Invoke API, Herald's HTTP API, the dashboard).</li>
 * </ul>
 * Responses are never compressed (AWS checksums cover the plain body). {@link #start()} binds;
 * {@link #close()} stops.
 * <p>With a {@link SigV4Verifier} (when {@code herald up} listens beyond loopback) every AWS API call - every
 * path but the dashboard ({@code /}, {@code /dashboard...}) and {@code /v1/...} (Herald's HTTP API and the FCM
 * emulator, which check bearer tokens of their own) - must carry a valid Signature Version 4 made with the printed
 * access key and secret; one without answers 403 in its protocol's error shape (JSON with {@code __type} and
 * {@code x-amzn-ErrorType}, or the query protocol's XML {@code ErrorResponse}) before any service sees it.
 */
public final class EdgeServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeServer.class);
    private static final Pattern ACTION = Pattern.compile("(?:^|&)Action=([A-Za-z0-9]+)");
    private static final Pattern VERSION = Pattern.compile("(?:^|&)Version=([0-9-]+)");
    /** The SQS query API's version; other query-protocol services (STS, SNS, ...) send their own. */
    private static final String SQS_API_VERSION = "2012-11-05";
    /** DynamoDB's BatchWriteItem may carry 16 MB. */
    private static final long MAX_REQUEST_BYTES = 20L * 1024 * 1024;

    private final String host;
    private final int requestedPort;
    private final List<EdgeComponent> components;
    private final Map<String, AwsJsonService> services = new LinkedHashMap<>();
    private final AwsJsonService queryProtocol;
    private final SigV4Verifier signatures;
    private Javalin server;

    /**
     * @param host          interface to bind, e.g. {@code 127.0.0.1}
     * @param port          port to bind, 0 for a free one
     * @param components    path-routed components, installed in this order
     * @param services      JSON-protocol services, by their target prefix
     * @param queryProtocol the service for query-protocol calls ({@code Action=}), i.e. SQS
     */
    public EdgeServer(String host, int port, List<EdgeComponent> components, List<AwsJsonService> services, AwsJsonService queryProtocol) {
        this(host, port, components, services, queryProtocol, null);
    }

    /** As above; {@code signatures} checks every AWS API call's SigV4 signature (null: none checked, for loopback only). */
    public EdgeServer(String host, int port, List<EdgeComponent> components, List<AwsJsonService> services, AwsJsonService queryProtocol,
                      SigV4Verifier signatures) {
        this.signatures = signatures;
        this.host = host;
        this.requestedPort = port;
        this.components = List.copyOf(components);
        for (AwsJsonService s : services) {
            this.services.put(s.targetPrefix(), s);
        }
        this.queryProtocol = queryProtocol;
    }

    public synchronized EdgeServer start() {
        if (server == null) {
            server = Javalin.create(this::configure).start();
            LOG.info("edge server started endpoint={} targets={}", endpoint(), services.keySet());
        }
        return this;
    }

    public int port() {
        return server.port();
    }

    /** {@code http://localhost:<port>}: the value for {@code AWS_ENDPOINT_URL}. */
    public URI endpoint() {
        return URI.create("http://localhost:" + port());
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    private void configure(JavalinConfig config) {
        config.jetty.host = host;
        config.jetty.port = requestedPort;
        config.startup.showJavalinBanner = false;
        config.http.compressionStrategy = CompressionStrategy.NONE;
        config.http.maxRequestSize = MAX_REQUEST_BYTES;
        // proxied SQS long polls hold a request for up to 20 s: virtual threads make that cheap
        config.concurrency.useVirtualThreads = true;
        if (signatures != null) {
            config.routes.before(this::requireSignature);
        }
        config.routes.post("/", this::dispatch);
        for (EdgeComponent c : components) {
            c.install(config);
        }
        // queue URLs (http://localhost:4566/000000000000/herald-ingress) receive query-protocol calls;
        // added last so that a component's own two-segment POST route wins
        config.routes.post("/{account}/{queue}", this::dispatch);
    }

    /** Herald's own surfaces, each with its own authentication: the dashboard, the HTTP API and the FCM emulator. */
    static boolean isAwsApi(String method, String path) {
        boolean dashboardPage = path.equals("/") && !method.equals("POST");
        return !(dashboardPage || path.equals("/dashboard") || path.startsWith("/dashboard/") || path.startsWith("/v1/"));
    }

    private void requireSignature(Context ctx) {
        if (!isAwsApi(ctx.method().name(), ctx.path())) {
            return;
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : java.util.Collections.list(ctx.req().getHeaderNames())) {
            headers.computeIfAbsent(name.toLowerCase(java.util.Locale.ROOT), k -> new java.util.ArrayList<>())
                    .addAll(java.util.Collections.list(ctx.req().getHeaders(name)));
        }
        byte[] body = ctx.bodyAsBytes();
        Optional<SigV4Verifier.Refusal> refusal = signatures.verify(new SigV4Verifier.Request(ctx.method().name(), ctx.req().getRequestURI(),
                ctx.queryString(), headers, body), java.time.Instant.now());
        if (refusal.isEmpty()) {
            return;
        }
        SigV4Verifier.Refusal r = refusal.get();
        LOG.info("edge call refused path={} code={} peer={}", ctx.path(), r.code(), ctx.ip());
        if (ctx.header("X-Amz-Target") == null && find(ACTION, form(ctx, body)).isPresent()) {
            AwsQuery.error(ctx, r.status(), r.code(), r.message());
        } else {
            AwsJson.error(ctx, r.status(), r.code(), r.message());
        }
        ctx.skipRemainingHandlers();
    }

    private void dispatch(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        String target = ctx.header("X-Amz-Target");
        if (target != null && !target.isBlank()) {
            int dot = target.indexOf('.');
            AwsJsonService service = dot < 0 ? null : services.get(target.substring(0, dot));
            if (service == null) {
                AwsJson.unknownOperation(ctx, "X-Amz-Target " + target, served());
                return;
            }
            service.handle(target.substring(dot + 1), body, ctx);
            return;
        }
        String form = form(ctx, body);
        Optional<String> action = find(ACTION, form);
        if (action.isPresent()) {
            Optional<String> version = find(VERSION, form);
            if (queryProtocol == null || version.isPresent() && !version.get().equals(SQS_API_VERSION)) {
                AwsJson.unknownOperation(ctx, "Action " + action.get() + " (API version " + version.orElse("none") + ")", served());
                return;
            }
            queryProtocol.handle(action.get(), body, ctx);
            return;
        }
        AwsJson.error(ctx, 400, "MissingAction", "this is herald up's AWS endpoint: send an AWS JSON request (X-Amz-Target header)"
                + " or an SQS query request (Action=...); it serves " + served());
    }

    private String served() {
        return String.join(".*, ", services.keySet()) + ".* and SQS query-protocol actions";
    }

    /** The query-protocol parameters: the form body and the query string, joined. */
    private static String form(Context ctx, byte[] body) {
        String contentType = ctx.contentType();
        String form = contentType != null && contentType.startsWith("application/x-www-form-urlencoded")
                ? new String(body, StandardCharsets.UTF_8) : "";
        String query = ctx.queryString() == null ? "" : ctx.queryString();
        return form + "&" + query;
    }

    private static Optional<String> find(Pattern parameter, String form) {
        Matcher m = parameter.matcher(form);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
