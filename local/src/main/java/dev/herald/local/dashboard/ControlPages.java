package dev.herald.local.dashboard;

import static dev.herald.local.dashboard.DashboardResponses.error;
import static dev.herald.local.dashboard.DashboardResponses.json;
import static dev.herald.local.dashboard.DashboardResponses.localCaller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import dev.herald.local.EdgeComponent;
import dev.herald.local.bus.RouterRoutes;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.function.Supplier;

/**
 * The dashboard's control pages - routes, templates, users, topics ({@code /dashboard/routes|templates|users|topics}, one
 * page, {@code control.html}, showing the section its path names) - and the routes page's data:
 * <ul>
 *   <li>{@code GET /dashboard/api/routes}: the routes the router runs ({@link RouterRoutes}: name, pattern, channels, template, ...);</li>
 *   <li>{@code POST /dashboard/api/routes/test} (body: an EventBridge event): the names of the routes that match it, by
 *       event-ruler as the router matches; 400 with the reason for a body that is not an event.</li>
 * </ul>
 * The templates, users and topics data are {@link TemplatesApi} and {@link UsersApi}. Every call passes the
 * {@link DashboardGuard} and answers only callers on this machine.
 */
public final class ControlPages implements EdgeComponent {
    static final List<String> SECTIONS = List.of("routes", "templates", "users", "topics");

    private final Supplier<RouterRoutes> routes;
    private final DashboardGuard guard;

    /** @param routes the routes the router runs, read per request (the one place that knows where they are) */
    public ControlPages(Supplier<RouterRoutes> routes, DashboardGuard guard) {
        this.routes = routes;
        this.guard = guard;
    }

    @Override
    public void install(JavalinConfig config) {
        for (String section : SECTIONS) {
            config.routes.get("/dashboard/" + section, guard.read(ctx -> DashboardResponses.asset(ctx, "control.html", "text/html; charset=utf-8", guard)));
        }
        config.routes.get("/dashboard/control.js", guard.read(ctx -> DashboardResponses.asset(ctx, "control.js", "text/javascript; charset=utf-8", guard)));
        config.routes.get("/dashboard/api/routes", guard.read(this::list));
        config.routes.post("/dashboard/api/routes/test", guard.change(this::test));
    }

    private void list(Context ctx) {
        if (!localCaller(ctx)) {
            return;
        }
        RouterRoutes current = routes.get();
        ObjectNode out = Json.object();
        out.put("origin", current.origin());
        ArrayNode list = out.putArray("routes");
        current.routes().forEach(list::add);
        json(ctx, 200, out);
    }

    private void test(Context ctx) {
        if (!localCaller(ctx)) {
            return;
        }
        try {
            List<String> matched = routes.get().matching(ctx.body());
            ObjectNode out = Json.object();
            ArrayNode names = out.putArray("matched");
            matched.forEach(names::add);
            json(ctx, 200, out);
        } catch (IllegalArgumentException e) {
            error(ctx, 400, e.getMessage());
        }
    }

    /** A text field of a JSON body, or null. */
    static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
