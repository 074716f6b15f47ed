package dev.herald.local.bus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.json.Json;
import dev.herald.common.store.RouteStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.event.ruler.Machine;

/**
 * The routes the router runs, as {@code herald up} reads them outside the router: the Routes table. The one place this
 * runtime reads routes (the default bus's forwarding and the dashboard's routes page).
 * <p>Matching uses event-ruler, the engine the router (and EventBridge) match with.
 */
public final class RouterRoutes {
    private final String origin;
    private final List<JsonNode> routes;
    private final Machine machine = new Machine();

    private RouterRoutes(String origin, String json) {
        this.origin = origin;
        JsonNode root;
        try {
            root = Json.tree(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the routes file " + origin + " is not JSON: " + e.getMessage(), e);
        }
        List<JsonNode> list = new ArrayList<>();
        for (JsonNode route : root.path("routes")) {
            String name = route.path("name").asText();
            try {
                machine.addRule(name, Json.write(route.path("pattern")));
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("route " + name + " in " + origin + " has a pattern event-ruler refuses: " + e.getMessage(), e);
            }
            list.add(route);
        }
        this.routes = List.copyOf(list);
    }

    /** Routes from JSON text ({@code {"routes":[{"name","pattern",...}]}}); {@code origin} names it in errors. */
    public static RouterRoutes parse(String origin, String json) {
        return new RouterRoutes(origin, json);
    }

    /**
     * The routes in the Routes table (the router reads the same table; herald up's demo seed and the admin API write it).
     *
     * @throws IllegalArgumentException when a stored document is not JSON or a pattern is refused, naming the route
     */
    public static RouterRoutes fromStore(RouteStore store) {
        StringBuilder json = new StringBuilder("{\"routes\":[");
        List<RouteStore.StoredRoute> stored = store.list();
        for (int i = 0; i < stored.size(); i++) {
            json.append(i == 0 ? "" : ",").append(stored.get(i).document());
        }
        return parse("the Routes table (" + stored.size() + " routes)", json.append("]}").toString());
    }

    /** Where the routes were read from. */
    public String origin() {
        return origin;
    }

    /** The routes, in file order, as written ({@code name}, {@code pattern}, {@code channels}, {@code template}, ...). */
    public List<JsonNode> routes() {
        return routes;
    }

    /**
     * The names of the routes that match {@code event} (an EventBridge event: source, detail-type, detail, ...), in file order.
     *
     * @throws IllegalArgumentException when the event is not a JSON object
     */
    public List<String> matching(String event) {
        JsonNode node;
        try {
            node = Json.tree(event);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the event is not JSON: " + e.getMessage(), e);
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("the event must be a JSON object such as {\"source\":\"shop.orders\",\"detail-type\":\"order.shipped\","
                    + "\"detail\":{...}}");
        }
        List<String> matched;
        try {
            matched = machine.rulesForJSONEvent(node);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("event-ruler cannot match this event: " + e.getMessage(), e);
        }
        return routes.stream().map(r -> r.path("name").asText()).filter(matched::contains).toList();
    }
}
