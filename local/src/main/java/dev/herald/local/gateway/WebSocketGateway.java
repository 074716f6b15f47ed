package dev.herald.local.gateway;

import dev.herald.common.json.Json;
import dev.herald.common.topology.WebSocketApiSpec;
import dev.herald.local.EdgeComponent;
import dev.herald.local.emulators.FaultPlan;
import dev.herald.local.FunctionInvoker;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConfig;
import java.net.URI;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An API Gateway-compatible WebSocket API on its own port (as on AWS, where it is a host of its
 * own): {@code ws://localhost:<port>/<stage>} (the bare {@code /} works too).
 *
 * <ul>
 *   <li>Before the upgrade it invokes the {@code $connect} function with the handshake's headers
 *       and query string (API Gateway's {@code APIGatewayV2WebSocketEvent} shape). A non-2xx
 *       {@code statusCode} refuses the handshake with that HTTP status; a {@link FunctionInvoker.FunctionError}
 *       or an unreadable answer refuses it with 500. A missing {@code statusCode} counts as 200.</li>
 *   <li>Every text or binary message goes to {@code $default} (binary as base64); a close goes to
 *       {@code $disconnect} with the close status. Function errors there are logged, never sent.</li>
 *   <li>Connections idle for {@link WebSocketApiSpec#idleTimeout()} or open for
 *       {@link WebSocketApiSpec#maxConnectionTime()} are closed with 1001 (Going Away), as AWS does.</li>
 *   <li>{@link #managementApi()} is the {@code @connections} API; it is also served on this port,
 *       so {@link #managementEndpoint()} works like the AWS {@code https://{api}.execute-api…/{stage}}.</li>
 * </ul>
 * {@link #start()} binds; {@link #close()} closes every connection (each gets its {@code $disconnect}) and stops.
 */
public final class WebSocketGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketGateway.class);
    /** API Gateway's limit for one WebSocket message. */
    static final int MAX_MESSAGE_BYTES = 128 * 1024;
    private static final String ATTR_ID = "herald.connectionId";
    private static final String ATTR_CONNECTED_AT = "herald.connectedAt";
    private final java.time.Clock clock;

    private final WebSocketApiSpec spec;
    private final FunctionInvoker invoker;
    private final String host;
    private final int requestedPort;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final WebSocketEvents events;
    private final ConnectionManagementApi managementApi;
    private final FaultPlan<Integer> managementFaults = new FaultPlan<>();
    private ScheduledExecutorService sweeper;
    private Javalin server;

    /**
     * @param spec    the Topology's WebSocket API (routes, stage, timeouts)
     * @param invoker runs the route functions
     * @param host    interface to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
     * @param port    port to bind; 0 picks a free one (see {@link #port()})
     */
    public WebSocketGateway(WebSocketApiSpec spec, FunctionInvoker invoker, String host, int port) {
        this(spec, invoker, host, port, java.time.Clock.systemUTC());
    }

    /** As above; {@code clock} stamps each connection's {@code connectedAt} (herald up's adjustable clock in tests). */
    public WebSocketGateway(WebSocketApiSpec spec, FunctionInvoker invoker, String host, int port, java.time.Clock clock) {
        this.clock = clock;
        this.spec = spec;
        this.invoker = invoker;
        this.host = host;
        this.requestedPort = port;
        this.events = new WebSocketEvents(spec.stage(), apiId(spec.name()));
        this.managementApi = new ConnectionManagementApi(spec.stage(), this, managementFaults);
    }

    /** Binds the port and starts the maximum-connection-time sweep. */
    public synchronized WebSocketGateway start() {
        if (server != null) {
            return this;
        }
        server = Javalin.create(this::configure).start();
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ws-gateway-sweep");
            t.setDaemon(true);
            return t;
        });
        long every = Math.clamp(spec.maxConnectionTime().toMillis() / 4, 50, 30_000);
        sweeper.scheduleWithFixedDelay(this::closeExpired, every, every, TimeUnit.MILLISECONDS);
        LOG.info("websocket gateway started endpoint={} stage={}", endpoint(), spec.stage());
        return this;
    }

    /** The bound port (after {@link #start()}). */
    public int port() {
        return server.port();
    }

    /** {@code ws://localhost:<port>/<stage>}, what a browser or app connects to. */
    public URI endpoint() {
        return URI.create("ws://localhost:" + port() + "/" + spec.stage());
    }

    /**
     * {@code http://localhost:<port>/<stage>}: the {@code @connections} endpoint on this port, for
     * {@code HERALD_WEBSOCKET_MANAGEMENT_ENDPOINT} or an {@code ApiGatewayManagementApiClient}'s endpoint override.
     * The same API is on the edge port when {@link #managementApi()} is installed there.
     */
    public URI managementEndpoint() {
        return URI.create("http://localhost:" + port() + "/" + spec.stage());
    }

    /** The {@code @connections} management API ({@code /<stage>/@connections/{id}}), to install on the edge server. */
    public EdgeComponent managementApi() {
        return managementApi;
    }

    /**
     * Injected faults of the {@code @connections} API, keyed by connection id, valued by the HTTP status
     * a {@code POST} answers instead of sending (e.g. 500 {@code InternalServerErrorException}, 429, or
     * 410 {@code GoneException}); off by default.
     */
    public FaultPlan<Integer> managementFaults() {
        return managementFaults;
    }

    /** How many connections are open. */
    public int connectionCount() {
        return connections.size();
    }

    /** Ids of the open connections. */
    public Collection<String> connectionIds() {
        return List.copyOf(connections.keySet());
    }

    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        sweeper.shutdownNow();
        for (Connection c : connections.values()) {
            c.session.close(1001, "Going away", org.eclipse.jetty.websocket.api.Callback.NOOP);
        }
        server.stop();
        server = null;
        LOG.info("websocket gateway stopped");
    }

    Optional<Connection> find(String connectionId) {
        Connection c = connections.get(connectionId);
        if (c == null || !c.session.isOpen()) {
            return Optional.empty();
        }
        return Optional.of(c);
    }

    private void configure(JavalinConfig config) {
        config.jetty.host = host;
        config.jetty.port = requestedPort;
        config.startup.showJavalinBanner = false;
        config.jetty.modifyWebSocketServletFactory(factory -> {
            factory.setIdleTimeout(spec.idleTimeout());
            factory.setMaxTextMessageSize(MAX_MESSAGE_BYTES);
            factory.setMaxBinaryMessageSize(MAX_MESSAGE_BYTES);
        });
        for (String path : List.of("/", "/" + spec.stage())) {
            config.routes.wsBeforeUpgrade(path, this::beforeUpgrade);
            config.routes.ws(path, this::routes);
        }
        managementApi.install(config);
    }

    /** Runs {@code $connect}; throwing refuses the handshake with that HTTP status. */
    private void beforeUpgrade(Context ctx) {
        String id = ConnectionIds.next();
        long connectedAt = clock.millis();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : java.util.Collections.list(ctx.req().getHeaderNames())) {
            headers.put(name, java.util.Collections.list(ctx.req().getHeaders(name)));
        }
        String event = events.connect(id, connectedAt, domainName(ctx.host()), headers, ctx.queryParamMap(), ctx.ip(),
                Optional.ofNullable(ctx.userAgent()).orElse(""));
        int status = connectStatus(id, event);
        if (status < 200 || status > 299) {
            LOG.info("websocket connect refused connectionId={} status={}", id, status);
            throw new HttpResponseException(status, status == 500 ? "Internal server error" : "Forbidden");
        }
        ctx.attribute(ATTR_ID, id);
        ctx.attribute(ATTR_CONNECTED_AT, connectedAt);
    }

    private int connectStatus(String id, String event) {
        String function = spec.routes().get("$connect");
        if (function == null) {
            return 200;
        }
        try {
            String answer = invoker.invoke(function, event);
            if (answer == null || answer.isBlank() || answer.equals("null")) {
                return 200;
            }
            var node = Json.tree(answer).get("statusCode");
            return node == null || node.isNull() ? 200 : node.asInt(500);
        } catch (FunctionInvoker.FunctionError e) {
            LOG.warn("websocket $connect function failed connectionId={} errorType={} error={}", id, e.errorType(), e.getMessage());
            return 500;
        } catch (RuntimeException e) {
            LOG.warn("websocket $connect invocation failed connectionId={} error={}", id, e.toString());
            return 500;
        }
    }

    private void routes(WsConfig ws) {
        ws.onConnect(ctx -> {
            String id = ctx.attribute(ATTR_ID);
            Long connectedAt = ctx.attribute(ATTR_CONNECTED_AT);
            var remote = ctx.session.getRemoteSocketAddress();
            String ip = remote instanceof java.net.InetSocketAddress a ? a.getAddress().getHostAddress() : String.valueOf(remote);
            String ua = Optional.ofNullable(ctx.header("User-Agent")).orElse("");
            Connection c = new Connection(id, ctx.session, connectedAt == null ? System.currentTimeMillis() : connectedAt, ip, ua);
            connections.put(id, c);
            LOG.debug("websocket connected connectionId={}", id);
        });
        ws.onMessage(ctx -> onMessage(ctx.attribute(ATTR_ID), ctx.host(), ctx.message(), false));
        ws.onBinaryMessage(ctx -> onMessage(ctx.attribute(ATTR_ID), ctx.host(),
                Base64.getEncoder().encodeToString(bytes(ctx.data())), true));
        ws.onClose(this::onClose);
        ws.onError(ctx -> LOG.debug("websocket error connectionId={} error={}", (Object) ctx.attribute(ATTR_ID), String.valueOf(ctx.error())));
    }

    private void onMessage(String id, String host, String body, boolean base64) {
        Connection c = connections.get(id);
        String function = spec.routes().get("$default");
        if (c == null || function == null) {
            return;
        }
        c.lastActiveAt = System.currentTimeMillis();
        String answer = invokeQuietly(function, events.message(c, domainName(host), body, base64), id, "$default");
        if (spec.twoWayRoutes().contains("$default")) {
            sendRouteResponse(c, answer);
        }
    }

    /**
     * A two-way route's response: API Gateway sends the body of the function's answer back to the
     * connection (nothing when it has none, or when it is above the message limit).
     */
    private void sendRouteResponse(Connection c, String answer) {
        if (answer == null || answer.isBlank() || answer.equals("null")) {
            return;
        }
        com.fasterxml.jackson.databind.JsonNode body;
        try {
            body = Json.tree(answer).get("body");
        } catch (Json.JsonException e) {
            LOG.warn("websocket route response is not JSON connectionId={} error={}", c.id, e.getMessage());
            return;
        }
        if (body == null || body.isNull()) {
            return;
        }
        String text = body.isTextual() ? body.asText() : Json.write(body);
        if (text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_MESSAGE_BYTES) {
            LOG.warn("websocket route response above the message limit dropped connectionId={}", c.id);
            return;
        }
        c.session.sendText(text, org.eclipse.jetty.websocket.api.Callback.NOOP);
    }

    private void onClose(WsCloseContext ctx) {
        String id = ctx.attribute(ATTR_ID);
        Connection c = id == null ? null : connections.remove(id);
        String function = spec.routes().get("$disconnect");
        if (c == null || function == null) {
            return;
        }
        LOG.debug("websocket closed connectionId={} status={}", id, ctx.status());
        invokeQuietly(function, events.disconnect(c, domainName(ctx.host()), ctx.status(), ctx.reason()), id, "$disconnect");
    }

    /** The function's answer, or null when it failed (logged). */
    private String invokeQuietly(String function, String event, String id, String route) {
        try {
            return invoker.invoke(function, event);
        } catch (RuntimeException e) {
            LOG.warn("websocket route function failed route={} connectionId={} error={}", route, id, e.getMessage());
            return null;
        }
    }

    private void closeExpired() {
        long deadline = System.currentTimeMillis() - spec.maxConnectionTime().toMillis();
        for (Connection c : connections.values()) {
            if (c.connectedAt <= deadline) {
                c.session.close(1001, "Going away", org.eclipse.jetty.websocket.api.Callback.NOOP);
            }
        }
    }

    /** Closes a connection as {@code DeleteConnection} does. */
    boolean disconnect(String connectionId) {
        Optional<Connection> c = find(connectionId);
        c.ifPresent(conn -> conn.session.close(1000, "Connection closed by the backend", org.eclipse.jetty.websocket.api.Callback.NOOP));
        return c.isPresent();
    }

    private static byte[] bytes(java.nio.ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    private static String domainName(String hostHeader) {
        return hostHeader == null ? "localhost" : hostHeader;
    }

    /** A stable 10-character id like API Gateway's {@code k7q2w9x4zd}, derived from the API's name. */
    static String apiId(String name) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        long h = name.hashCode() & 0xffffffffL;
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            b.append(alphabet.charAt((int) (h % alphabet.length())));
            h = h / alphabet.length() + (long) (i + 7) * 7919;
        }
        return b.toString();
    }
}
