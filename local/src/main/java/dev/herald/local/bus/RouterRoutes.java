package dev.herald.local.bus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import software.amazon.event.ruler.Machine;

/**
 * The routes the router runs, as {@code herald up} reads them outside the router: the routes file inside the router's
 * function jar (or, before the jar is built, the same file in the checkout). The one place this runtime reads routes
 * (the default bus's forwarding and the dashboard's routes page); when routes move to a table, only this class changes.
 * <p>Matching uses event-ruler, the engine the router (and EventBridge) match with.
 */
public final class RouterRoutes {
    /** Where the router bundles its routes, inside its jar and under {@code router/src/main/resources}. */
    static final String ROUTES_ENTRY = "dev/herald/router/routes.json";

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
     * The router's routes.
     *
     * @param routerJar the router's function jar (may not be built yet)
     * @param repoRoot  the checkout, for the routes file when the jar is not built
     * @throws IllegalArgumentException when the file cannot be read or a pattern is refused, naming the file
     */
    public static RouterRoutes read(Path routerJar, Path repoRoot) {
        if (Files.isRegularFile(routerJar)) {
            try (ZipFile jar = new ZipFile(routerJar.toFile())) {
                ZipEntry entry = jar.getEntry(ROUTES_ENTRY);
                if (entry != null) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        return parse(routerJar + "!/" + ROUTES_ENTRY, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + ROUTES_ENTRY + " from the router jar " + routerJar + ": " + e.getMessage()
                        + "; rebuild it with ./mvnw -pl router package", e);
            }
        }
        Path source = repoRoot.resolve("router/src/main/resources").resolve(ROUTES_ENTRY);
        try {
            return parse(source.toString(), Files.isRegularFile(source) ? Files.readString(source) : "{\"routes\":[]}");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the routes file " + source + ": " + e.getMessage(), e);
        }
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
