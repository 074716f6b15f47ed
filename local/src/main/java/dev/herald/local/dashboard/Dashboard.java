package dev.herald.local.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.LedgerEntry;
import dev.herald.local.EdgeComponent;
import dev.herald.local.emulators.ApnsEmulator;
import dev.herald.local.emulators.FcmEmulator;
import dev.herald.local.emulators.SesEmulator;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard page of {@code herald up}, on the edge port at {@code /} and {@code /dashboard}: one
 * static HTML page with plain JavaScript (no build step, nothing loaded from the internet, a strict
 * Content-Security-Policy). A person connects as a user, publishes an event, watches the frame
 * arrive, sees what the APNs/FCM/SES emulators received and looks deliveries up in the ledger.
 * <p>JSON endpoints under {@code /dashboard/api/}:
 * <ul>
 *   <li>{@code GET config} - the WebSocket URL, the publish URL and the demo users;</li>
 *   <li>{@code POST token} {@code {"userId"}} - a dev JWT for that user, minted server-side; answered
 *       only to loopback callers (403 otherwise), 400 for a malformed user id; the token cannot publish;</li>
 *   <li>{@code POST producer-token} {@code {}} - a producer's JWT (scopes {@code herald/publish} and
 *       {@code herald/publish-critical}) for the page's Publish, loopback callers only;</li>
 *   <li>{@code GET pushes}, {@code GET emails} - what the emulators received, newest first;</li>
 *   <li>{@code GET deliveries/{deliveryId}} - one ledger row, 404 when absent;</li>
 *   <li>{@code GET users/{userId}/deliveries} - the user's newest rows.</li>
 * </ul>
 * Ledger reads that fail answer 502 with the reason. Pushes, emails and ledger rows hold every user's
 * device tokens, addresses, signed confirm/unsubscribe links and deliveries, so - like dev tokens - they
 * are answered only to loopback callers (403 otherwise), also when {@code herald up} listens on {@code 0.0.0.0}.
 * Every request passes the {@link DashboardGuard} first (Host and Origin; for POST also a JSON body and this run's
 * token, which the page carries in {@code <meta name="herald-dashboard-token">}).
 */
public final class Dashboard implements EdgeComponent {
    private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._@:+-]{1,128}");
    private static final int LIST_LIMIT = 100;
    private static final String TOKEN_PLACEHOLDER = "{{dashboardToken}}";
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self' ws://localhost:* ws://127.0.0.1:*; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final Supplier<URI> webSocketEndpoint;
    private final Function<String, String> tokenMinter;
    private final Supplier<String> producerTokenMinter;
    private final DashboardGuard guard;
    private final ApnsEmulator apns;
    private final FcmEmulator fcm;
    private final SesEmulator ses;
    private final DeliveryLedger ledger;
    private final List<String> demoUsers;

    /**
     * @param webSocketEndpoint the gateway's URL ({@code WebSocketGateway::endpoint}), read per request
     * @param tokenMinter       user id to a JWT the {@code $connect} handler and the HTTP API accept ({@code LocalJwt::mint})
     * @param producerTokenMinter a producer's JWT for {@code POST /v1/events}
     * @param guard             Host, Origin, content-type and token checks, shared with the {@link FaultsApi}
     * @param apns              the APNs emulator, or null when not running
     * @param fcm               the FCM emulator, or null when not running
     * @param ses               the SES emulator, or null when not running
     * @param ledger            the delivery ledger (the Deliveries table)
     * @param demoUsers         user ids offered in the page (e.g. the demo seed's)
     */
    public Dashboard(Supplier<URI> webSocketEndpoint, Function<String, String> tokenMinter, Supplier<String> producerTokenMinter,
                     DashboardGuard guard, ApnsEmulator apns, FcmEmulator fcm, SesEmulator ses, DeliveryLedger ledger, List<String> demoUsers) {
        this.producerTokenMinter = producerTokenMinter;
        this.guard = guard;
        this.webSocketEndpoint = webSocketEndpoint;
        this.tokenMinter = tokenMinter;
        this.apns = apns;
        this.fcm = fcm;
        this.ses = ses;
        this.ledger = ledger;
        this.demoUsers = List.copyOf(demoUsers);
    }

    @Override
    public void install(JavalinConfig config) {
        config.routes.get("/", guard.read(ctx -> asset(ctx, "index.html", "text/html; charset=utf-8")));
        config.routes.get("/dashboard", guard.read(ctx -> asset(ctx, "index.html", "text/html; charset=utf-8")));
        config.routes.get("/dashboard/dashboard.js", guard.read(ctx -> asset(ctx, "dashboard.js", "text/javascript; charset=utf-8")));
        config.routes.get("/dashboard/dashboard.css", guard.read(ctx -> asset(ctx, "dashboard.css", "text/css; charset=utf-8")));
        config.routes.get("/dashboard/api/config", guard.read(this::config));
        config.routes.post("/dashboard/api/token", guard.change(this::token));
        config.routes.post("/dashboard/api/producer-token", guard.change(this::producerToken));
        config.routes.get("/dashboard/api/pushes", guard.read(this::pushes));
        config.routes.get("/dashboard/api/emails", guard.read(this::emails));
        config.routes.get("/dashboard/api/deliveries/{deliveryId}", guard.read(this::delivery));
        config.routes.get("/dashboard/api/users/{userId}/deliveries", guard.read(this::userDeliveries));
    }

    private void asset(Context ctx, String name, String contentType) {
        try (InputStream in = Dashboard.class.getResourceAsStream("/dashboard/" + name)) {
            if (in == null) {
                ctx.status(500).result("dashboard asset " + name + " is missing from the classpath; rebuild the local module");
                return;
            }
            byte[] bytes = in.readAllBytes();
            if (name.equals("index.html")) {
                // the page carries this run's token for its state-changing calls (hex: nothing to escape)
                bytes = new String(bytes, StandardCharsets.UTF_8).replace(TOKEN_PLACEHOLDER, guard.token()).getBytes(StandardCharsets.UTF_8);
            }
            ctx.header("Content-Security-Policy", CSP)
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Cache-Control", "no-store")
                    .contentType(contentType)
                    .result(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void config(Context ctx) {
        ObjectNode out = Json.object();
        out.put("websocketUrl", webSocketEndpoint.get().toString());
        out.put("publishUrl", "/v1/events");
        ArrayNode users = out.putArray("users");
        demoUsers.forEach(users::add);
        json(ctx, 200, out);
    }

    private void token(Context ctx) {
        if (!isLoopback(ctx.ip())) {
            error(ctx, 403, "dev tokens are only minted for callers on this machine");
            return;
        }
        String userId;
        try {
            userId = Json.tree(ctx.body()).path("userId").asText("");
        } catch (Json.JsonException e) {
            error(ctx, 400, "send {\"userId\": \"user-1\"}: " + e.getMessage());
            return;
        }
        if (!USER_ID.matcher(userId).matches()) {
            error(ctx, 400, "userId must be 1-128 characters of letters, digits and . _ @ : + -");
            return;
        }
        ObjectNode out = Json.object();
        out.put("userId", userId);
        out.put("token", tokenMinter.apply(userId));
        json(ctx, 200, out);
    }

    private void producerToken(Context ctx) {
        if (!isLoopback(ctx.ip())) {
            error(ctx, 403, "producer tokens are only minted for callers on this machine");
            return;
        }
        ObjectNode out = Json.object();
        out.put("token", producerTokenMinter.get());
        json(ctx, 200, out);
    }

    private void pushes(Context ctx) {
        if (!localCaller(ctx)) {
            return;
        }
        ObjectNode out = Json.object();
        ArrayNode a = out.putArray("apns");
        if (apns != null) {
            newestFirst(apns.received()).forEach(n -> a.add(Json.mapper().valueToTree(n)));
        }
        ArrayNode f = out.putArray("fcm");
        if (fcm != null) {
            newestFirst(fcm.received()).forEach(m -> {
                ObjectNode node = Json.mapper().valueToTree(m);
                node.remove("json");
                f.add(node);
            });
        }
        json(ctx, 200, out);
    }

    private void emails(Context ctx) {
        if (!localCaller(ctx)) {
            return;
        }
        ArrayNode out = Json.mapper().createArrayNode();
        if (ses != null) {
            newestFirst(ses.sent()).forEach(e -> out.add(Json.mapper().valueToTree(e)));
        }
        json(ctx, 200, out);
    }

    private void delivery(Context ctx) {
        if (!localCaller(ctx)) {
            return;
        }
        String id = ctx.pathParam("deliveryId");
        Optional<LedgerEntry> row;
        try {
            row = ledger.find(id);
        } catch (RuntimeException e) {
            LOG.warn("dashboard ledger lookup failed error={}", e.toString());
            error(ctx, 502, "cannot read the Deliveries table: " + e.getMessage());
            return;
        }
        if (row.isEmpty()) {
            error(ctx, 404, "no ledger row with id " + id);
            return;
        }
        json(ctx, 200, Json.mapper().valueToTree(row.get()));
    }

    private void userDeliveries(Context ctx) {
        if (!localCaller(ctx)) {
            return;
        }
        String userId = ctx.pathParam("userId");
        try {
            json(ctx, 200, Json.mapper().valueToTree(ledger.recentForUser(userId, LIST_LIMIT)));
        } catch (RuntimeException e) {
            LOG.warn("dashboard ledger listing failed error={}", e.toString());
            error(ctx, 502, "cannot read the Deliveries table: " + e.getMessage());
        }
    }

    private static <T> List<T> newestFirst(List<T> items) {
        List<T> copy = new java.util.ArrayList<>(items);
        java.util.Collections.reverse(copy);
        return copy.size() > LIST_LIMIT ? copy.subList(0, LIST_LIMIT) : copy;
    }

    /** True for a caller on this machine; otherwise answers 403 saying why. */
    private static boolean localCaller(Context ctx) {
        if (isLoopback(ctx.ip())) {
            return true;
        }
        error(ctx, 403, "the dashboard shows every user's device tokens, addresses, links and deliveries, so it answers only"
                + " callers on this machine; open it where herald up runs (or tunnel to its loopback port)");
        return false;
    }

    /** {@code ip} is a literal address (the connection's remote address), never a name to resolve. */
    static boolean isLoopback(String ip) {
        try {
            return InetAddress.getByName(ip).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void json(Context ctx, int status, JsonNode body) {
        ctx.status(status).header("Cache-Control", "no-store").contentType("application/json").result(Json.write(body));
    }

    private static void error(Context ctx, int status, String message) {
        ObjectNode body = Json.object();
        body.put("message", message);
        json(ctx, status, body);
    }
}
