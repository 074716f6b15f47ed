package dev.herald.local.bus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.json.Json;
import dev.herald.common.store.RouteStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The default bus's forwarding of AWS service events to the Herald bus, as the CDK stack declares it
 * (infra's {@code ForwardedRoutes}): AWS services publish only to the account's default bus, so every
 * router route whose pattern names an {@code aws.*} source (e.g. S3 {@code Object Created} for the uploads
 * route) gets a rule on the default bus, with the route's pattern, named {@code herald-route-<name>-forward}.
 * <p>The routes are the ones the router runs: the Routes table ({@link RouterRoutes#fromStore}).
 */
public final class RouteForwarding {
    /** A route's name and its event pattern (JSON). */
    public record ForwardedRoute(String name, String pattern) {
        public String ruleName() {
            return "herald-route-" + name + "-forward";
        }
    }

    private RouteForwarding() {
    }

    /**
     * Adds a forwarding rule to {@code bus} for each AWS-sourced route the router runs.
     *
     * @return the routes forwarded
     * @throws IllegalArgumentException when the bus refuses a pattern
     */
    public static List<ForwardedRoute> install(LocalEventBus bus, String heraldBus, RouterRoutes routerRoutes) {
        List<ForwardedRoute> routes = awsRoutes(routerRoutes);
        for (ForwardedRoute r : routes) {
            bus.forwardFromDefault(r.ruleName(), r.pattern(), heraldBus);
        }
        return routes;
    }

    /** The routes in a routes file ({@code {"routes":[{"name","pattern"}...]}}) whose pattern names an {@code aws.*} source. */
    static List<ForwardedRoute> awsRoutes(RouterRoutes routerRoutes) {
        List<ForwardedRoute> out = new ArrayList<>();
        for (JsonNode route : routerRoutes.routes()) {
            JsonNode pattern = route.path("pattern");
            boolean aws = false;
            for (JsonNode source : pattern.path("source")) {
                aws |= source.isTextual() && source.asText().startsWith("aws.");
            }
            if (aws) {
                out.add(new ForwardedRoute(route.path("name").asText(), Json.write(pattern)));
            }
        }
        return out;
    }

    /**
     * Keeps the default bus's forwarding in step with the Routes table: before each AWS service event, when the table's
     * version moved since the last look, every AWS-sourced route in it gets its forwarding rule (a route added through
     * the admin API is forwarded from its next event on). Rules are only added: a deleted route's rule stays until the
     * runtime restarts, and what it forwards then finds no route (the router records it as unrouted).
     */
    public static void follow(LocalEventBus bus, String heraldBus, RouteStore store) {
        long[] seen = {-1};
        bus.beforeServiceEvents(() -> {
            synchronized (seen) {
                long version = store.version();
                if (version != seen[0]) {
                    install(bus, heraldBus, RouterRoutes.fromStore(store));
                    seen[0] = version;
                }
            }
        });
    }
}
