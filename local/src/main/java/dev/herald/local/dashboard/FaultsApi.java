package dev.herald.local.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import dev.herald.local.EdgeComponent;
import dev.herald.local.emulators.ApnsEmulator;
import dev.herald.local.emulators.FaultPlan;
import dev.herald.local.emulators.FcmEmulator;
import dev.herald.local.emulators.SesEmulator;
import dev.herald.local.gateway.WebSocketGateway;
import dev.herald.local.lambda.EventSourceMappings;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Fault injection over HTTP, for trying Herald's retries and clean-up by hand (tests use the emulators'
 * {@code faults()} directly). Off until asked; answered only to loopback callers (403 otherwise), and only
 * through the {@link DashboardGuard}: Host and Origin of the dashboard, a JSON body, this run's token in
 * {@value DashboardGuard#TOKEN_HEADER} (so a web page elsewhere cannot inject faults through a browser).
 * <ul>
 *   <li>{@code POST /dashboard/api/faults} {@code {"target": "apns|fcm|ses|connections|function", "key": "...",
 *       "status": 500, "times": 2}} - the next {@code times} requests for {@code key} (a device token, an
 *       address, a connection id, a function name) fail: APNs with {@code status} 429/500/503, the
 *       {@code @connections} API with {@code status}, FCM with 503 UNAVAILABLE, SES with 429 throttling, a
 *       function's SQS batch by not being deleted after it returned. {@code times} 0 or absent = always. 204;
 *       400 with the reason for a bad request.</li>
 *   <li>{@code DELETE /dashboard/api/faults} - every injected fault stops. 204.</li>
 * </ul>
 */
public final class FaultsApi implements EdgeComponent {
    private static final Set<Integer> APNS_STATUSES = Set.of(429, 500, 503);

    private final ApnsEmulator apns;
    private final FcmEmulator fcm;
    private final SesEmulator ses;
    private final WebSocketGateway webSocket;
    private final Supplier<EventSourceMappings> mappings;
    private final DashboardGuard guard;

    /**
     * @param mappings the event source mappings once started (null before)
     * @param guard    the dashboard's guard (Host, Origin, content type, this run's token)
     */
    public FaultsApi(ApnsEmulator apns, FcmEmulator fcm, SesEmulator ses, WebSocketGateway webSocket, Supplier<EventSourceMappings> mappings,
                     DashboardGuard guard) {
        this.guard = guard;
        this.apns = apns;
        this.fcm = fcm;
        this.ses = ses;
        this.webSocket = webSocket;
        this.mappings = mappings;
    }

    @Override
    public void install(JavalinConfig config) {
        config.routes.post("/dashboard/api/faults", guard.change(this::inject));
        config.routes.delete("/dashboard/api/faults", guard.change(this::clear));
    }

    private void inject(Context ctx) {
        if (!loopback(ctx)) {
            return;
        }
        JsonNode body;
        try {
            body = Json.tree(ctx.body());
        } catch (Json.JsonException e) {
            error(ctx, "send {\"target\": \"apns\", \"key\": \"<device token>\", \"status\": 500, \"times\": 2}: " + e.getMessage());
            return;
        }
        String target = body.path("target").asText("").toLowerCase(Locale.ROOT);
        String key = body.path("key").asText("");
        int status = body.path("status").asInt(500);
        int times = body.path("times").asInt(0) <= 0 ? FaultPlan.ALWAYS : body.path("times").asInt();
        if (key.isBlank()) {
            error(ctx, "key is required: the device token, address, connection id or function name the fault is for");
            return;
        }
        switch (target) {
            case "apns" -> {
                if (!APNS_STATUSES.contains(status)) {
                    error(ctx, "apns faults answer 429, 500 or 503, not " + status);
                    return;
                }
                apns.faults().inject(key, status, times);
            }
            case "fcm" -> fcm.faults().inject(key, "UNAVAILABLE", times);
            case "ses" -> ses.faults().inject(key.toLowerCase(Locale.ROOT), "TooManyRequestsException", times);
            case "connections" -> {
                if (status < 400 || status > 599) {
                    error(ctx, "connections faults answer an HTTP error status (400-599), not " + status);
                    return;
                }
                webSocket.managementFaults().inject(key, status, times);
            }
            case "function" -> {
                EventSourceMappings m = mappings.get();
                if (m == null) {
                    error(ctx, "the event source mappings are not started yet");
                    return;
                }
                m.faults().inject(key, "died after returning", times);
            }
            default -> {
                error(ctx, "target must be apns, fcm, ses, connections or function, not '" + target + "'");
                return;
            }
        }
        ctx.status(204);
    }

    private void clear(Context ctx) {
        if (!loopback(ctx)) {
            return;
        }
        apns.faults().clear();
        fcm.faults().clear();
        ses.faults().clear();
        webSocket.managementFaults().clear();
        EventSourceMappings m = mappings.get();
        if (m != null) {
            m.faults().clear();
        }
        ctx.status(204);
    }

    private static boolean loopback(Context ctx) {
        boolean ok;
        try {
            ok = InetAddress.getByName(ctx.ip()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            ok = false;
        }
        if (!ok) {
            ObjectNode body = Json.object();
            body.put("message", "faults are only injected for callers on this machine");
            ctx.status(403).contentType("application/json").result(Json.write(body));
        }
        return ok;
    }

    private static void error(Context ctx, String message) {
        ObjectNode body = Json.object();
        body.put("message", message);
        ctx.status(400).contentType("application/json").result(Json.write(body));
    }
}
