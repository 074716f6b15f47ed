package dev.herald.local.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** What the dashboard's data pages answer: JSON, errors with a message, their page assets, the loopback check. */
final class DashboardResponses {
    private DashboardResponses() {
    }

    static void json(Context ctx, int status, JsonNode body) {
        ctx.status(status).header("Cache-Control", "no-store").contentType("application/json").result(Json.write(body));
    }

    static void error(Context ctx, int status, String message) {
        ObjectNode body = Json.object();
        body.put("message", message);
        json(ctx, status, body);
    }

    /** True for a caller on this machine; otherwise answers 403 (user data and edits stay where herald up runs). */
    static boolean localCaller(Context ctx) {
        if (Dashboard.isLoopback(ctx.ip())) {
            return true;
        }
        error(ctx, 403, "the dashboard's data pages answer only callers on this machine; open them where herald up runs");
        return false;
    }

    /** A page asset from {@code /dashboard/<name>}, with this run's dashboard token written into HTML pages. */
    static void asset(Context ctx, String name, String contentType, DashboardGuard guard) {
        try (InputStream in = DashboardResponses.class.getResourceAsStream("/dashboard/" + name)) {
            if (in == null) {
                ctx.status(500).result("dashboard asset " + name + " is missing from the classpath; rebuild the local module");
                return;
            }
            byte[] bytes = in.readAllBytes();
            if (name.endsWith(".html")) {
                bytes = new String(bytes, StandardCharsets.UTF_8).replace("{{dashboardToken}}", guard.token()).getBytes(StandardCharsets.UTF_8);
            }
            ctx.header("Content-Security-Policy", Dashboard.CSP).header("X-Content-Type-Options", "nosniff")
                    .header("Cache-Control", "no-store").contentType(contentType).result(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
