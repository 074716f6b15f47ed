package dev.herald.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.config.ConfigException;
import dev.herald.common.event.Channel;
import dev.herald.common.event.Recipient;
import dev.herald.common.json.Json;
import dev.herald.common.orchestration.ChannelStep;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.event.ruler.Machine;

/**
 * The routes, compiled into one event-ruler {@link Machine} (the matching engine EventBridge itself
 * uses: https://github.com/aws/event-ruler). Immutable and thread-safe once loaded.
 *
 * <p>File format: {@code {"routes": [{"name", "pattern": {...}, "channels": [...], "template", "enrich",
 * "category", "recipients"}]}}; instead of {@code channels} a route may list {@code "steps": [{"channel", "after"}]}
 * (WebSocket first, push and email as fallbacks after ISO-8601 delays, unless read), and {@code "throttle": {"limit", "window"}}
 * caps the notifications per user, channel and category per window ({@link Throttle}); {@code "digest": {"key", "window"}}
 * gathers them into one message per window ({@link Digest}). Loading fails with a {@link ConfigException} naming the file, the route
 * and what to fix (a bad pattern, an unknown channel, a duplicate name, enrich without a template).
 */
public final class RouteTable {
    /** Classpath location of the routes bundled with the router. */
    public static final String BUNDLED = "/dev/herald/common/demo/routes.json";

    private final List<Route> routes;
    private final Map<String, Integer> order;
    private final Machine machine;
    private final Set<String> fieldPaths;
    private final Comparator<Route> inFileOrder;
    private final FieldTree tested;

    private RouteTable(List<Route> routes, Machine machine, Set<String> fieldPaths) {
        this.routes = List.copyOf(routes);
        this.machine = machine;
        this.fieldPaths = Set.copyOf(fieldPaths);
        this.tested = FieldTree.of(fieldPaths);
        this.order = new HashMap<>();
        for (int i = 0; i < routes.size(); i++) {
            order.put(routes.get(i).name(), i);
        }
        this.inFileOrder = Comparator.comparingInt(r -> order.get(r.name()));
    }

    /** The demo routes (common's jar; {@code herald up --demo} seeds them into the Routes table), for tests and benchmarks. */
    public static RouteTable bundled() {
        try (InputStream in = RouteTable.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new ConfigException("the classpath lacks the demo routes " + BUNDLED + "; rebuild herald-common");
            }
            return parse("bundled " + BUNDLED, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigException("cannot read bundled " + BUNDLED + ": " + e.getMessage(), e);
        }
    }

    /** Routes from a file (HERALD_ROUTES_FILE). */
    public static RouteTable load(Path file) {
        try {
            return parse(file.toString(), Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException("cannot read routes file " + file + " (HERALD_ROUTES_FILE): " + e.getMessage()
                    + "; point HERALD_ROUTES_FILE at a readable JSON file, or unset it to read the routes from the Routes table (HERALD_TABLE_ROUTES)", e);
        }
    }

    /** No routes: every event is unrouted (a deployed stack before its first route). */
    public static RouteTable empty() {
        return parse("(none)", "{\"routes\": []}");
    }

    /**
     * Routes from the Routes table's documents (each one route object, as in a routes file), in the order given.
     *
     * @throws ConfigException as {@link #parse} does, naming the route that is wrong
     */
    public static RouteTable fromDocuments(String origin, List<String> documents) {
        var list = JsonNodeFactory.instance.arrayNode();
        for (String document : documents) {
            try {
                list.add(Json.tree(document));
            } catch (Json.JsonException e) {
                throw new ConfigException("routes " + origin + ": a route document is not JSON: " + e.getMessage());
            }
        }
        return parse(origin, Json.write(JsonNodeFactory.instance.objectNode().set("routes", list)));
    }

    /** Routes from JSON text; {@code origin} names where it came from in error messages. */
    public static RouteTable parse(String origin, String json) {
        JsonNode root;
        try {
            root = Json.tree(json);
        } catch (Json.JsonException e) {
            throw new ConfigException("routes " + origin + ": " + e.getMessage());
        }
        JsonNode list = root.get("routes");
        if (list == null || !list.isArray()) {
            throw new ConfigException("routes " + origin + ": expected {\"routes\": [ ... ]} at the top level");
        }
        List<Route> routes = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        Set<String> fieldPaths = new HashSet<>();
        Machine machine = new Machine();
        for (int i = 0; i < list.size(); i++) {
            Route route = RouteReader.read(origin, i, list.get(i));
            if (!names.add(route.name())) {
                throw new ConfigException("routes " + origin + ": route name '" + route.name() + "' is used twice; names must be unique");
            }
            try {
                machine.addRule(route.name(), route.pattern());
            } catch (Exception | StackOverflowError e) {
                throw new ConfigException("routes " + origin + ": route '" + route.name() + "' has an invalid event-ruler pattern "
                        + route.pattern() + ": " + e.getMessage()
                        + "; see https://github.com/aws/event-ruler#patterns for the syntax", e);
            }
            routes.add(route);
            collectFieldPaths(list.get(i).get("pattern"), "", fieldPaths);
        }
        return new RouteTable(routes, machine, fieldPaths);
    }

    /** The event fields a pattern tests, dotted from the event root ({@code $or} branches included). */
    private static void collectFieldPaths(JsonNode pattern, String prefix, Set<String> into) {
        pattern.properties().forEach(field -> {
            JsonNode value = field.getValue();
            if (field.getKey().equals("$or") && value.isArray()) {
                value.forEach(branch -> collectFieldPaths(branch, prefix, into));
            } else if (value instanceof ObjectNode nested) {
                collectFieldPaths(nested, prefix + field.getKey() + ".", into);
            } else {
                into.add(prefix + field.getKey());
            }
        });
    }

    /** Routes matching {@code event} (the whole EventBridge event as a tree), in file order. */
    public List<Route> match(JsonNode event) {
        // event-ruler visits every field of the tree it is given; give it only the fields patterns test
        List<String> names = machine.rulesForJSONEvent(event instanceof ObjectNode o ? tested.prune(o) : event);
        if (names.isEmpty()) {
            return List.of();
        }
        if (names.size() == 1) {
            return List.of(routes.get(order.get(names.get(0))));
        }
        List<Route> matched = new ArrayList<>(names.size());
        for (String name : names) {
            Route r = routes.get(order.get(name));
            if (!matched.contains(r)) {
                matched.add(r);
            }
        }
        matched.sort(inFileOrder);
        return matched;
    }

    public List<Route> routes() {
        return routes;
    }

    /**
     * Every event field some route's pattern tests, dotted from the event root (e.g. {@code detail.data.value}):
     * matching reads no other field, so an event may be matched on a tree holding only these.
     */
    public Set<String> fieldPaths() {
        return fieldPaths;
    }

    /** Whether any route calls the enrichment function (then HERALD_ENRICHMENT_FUNCTION must be set). */
    public boolean needsEnrichment() {
        return routes.stream().anyMatch(Route::enrich);
    }

    /** The tested field paths as a tree: which children of an object matching needs, and which of them whole. */
    private record FieldTree(Map<String, FieldTree> children) {
        static FieldTree of(Set<String> paths) {
            FieldTree root = new FieldTree(new HashMap<>());
            for (String path : paths) {
                FieldTree at = root;
                for (String part : path.split("\\.")) {
                    at = at.children.computeIfAbsent(part, k -> new FieldTree(new HashMap<>()));
                }
            }
            return root;
        }

        /** {@code node} with only the tested fields; a tested field (or an array on the way to one) is kept whole. */
        ObjectNode prune(ObjectNode node) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            children.forEach((name, below) -> {
                JsonNode value = node.get(name);
                if (value == null) {
                    return;
                }
                out.set(name, !below.children.isEmpty() && value instanceof ObjectNode o ? below.prune(o) : value);
            });
            return out;
        }
    }

    /** Reads one route object; package-private helper so {@link RouteTable} stays about matching. */
    static final class RouteReader {
        private RouteReader() {
        }

        static Route read(String origin, int index, JsonNode node) {
            String where = "routes " + origin + ": routes[" + index + "]";
            if (!(node instanceof ObjectNode o)) {
                throw new ConfigException(where + " is not an object");
            }
            JsonNode nameNode = o.get("name");
            if (nameNode == null || !nameNode.isTextual() || nameNode.asText().isBlank()) {
                throw new ConfigException(where + " has no name; give every route a unique \"name\"");
            }
            String name = nameNode.asText();
            String at = "routes " + origin + ": route '" + name + "'";
            JsonNode pattern = o.get("pattern");
            if (!(pattern instanceof ObjectNode)) {
                throw new ConfigException(at + " has no \"pattern\" object; write e.g. {\"detail-type\": [\"order.shipped\"]}");
            }
            List<Channel> channels = new ArrayList<>();
            List<ChannelStep> steps = readSteps(o.get("steps"), at);
            JsonNode ch = o.get("channels");
            if (!steps.isEmpty()) {
                if (ch != null) {
                    throw new ConfigException(at + " has both \"channels\" and \"steps\"; list the channels as steps only");
                }
                steps.forEach(s -> channels.add(s.channel()));
            } else if (ch == null || !ch.isArray() || ch.isEmpty()) {
                throw new ConfigException(at + " has no \"channels\"; list at least one of websocket, push, email");
            }
            for (JsonNode c : steps.isEmpty() ? ch : JsonNodeFactory.instance.arrayNode()) {
                Channel channel = Channel.fromWireName(c.asText()).orElseThrow(() -> new ConfigException(
                        at + " names channel '" + c.asText() + "'; use " + Channel.wireNames()));
                if (!channels.contains(channel)) {
                    channels.add(channel);
                }
            }
            String template = optionalText(o, "template", at);
            String category = optionalText(o, "category", at);
            boolean enrich = o.path("enrich").asBoolean(false);
            if (enrich && template == null) {
                throw new ConfigException(at + " sets \"enrich\" but names no \"template\"; name the template the enrichment function renders");
            }
            List<Recipient> recipients = new ArrayList<>();
            JsonNode rec = o.get("recipients");
            if (rec != null && !rec.isNull()) {
                if (!rec.isArray()) {
                    throw new ConfigException(at + " \"recipients\" must be an array such as [\"topic:uploads\", \"user-1\"]");
                }
                for (JsonNode r : rec) {
                    if (!r.isTextual() || r.asText().isBlank() || r.asText().equals(Recipient.TOPIC_PREFIX)) {
                        throw new ConfigException(at + " has recipient " + r + "; write a user id or topic:NAME");
                    }
                    recipients.add(Recipient.parse(r.asText()));
                }
            }
            return new Route(name, Json.write(pattern), channels, template, enrich, category, recipients, steps,
                    Throttle.read(o.get("throttle"), at), Digest.read(o.get("digest"), name, at));
        }

        /**
         * {@code "steps": [{"channel": "websocket"}, {"channel": "push", "after": "PT30S"}, {"channel": "email", "after": "PT15M"}]}:
         * each channel once, the first without a delay, the delays not decreasing. Absent: no steps.
         */
        private static List<ChannelStep> readSteps(JsonNode node, String at) {
            if (node == null || node.isNull()) {
                return List.of();
            }
            if (!node.isArray() || node.isEmpty()) {
                throw new ConfigException(at + " \"steps\" must be a non-empty array such as "
                        + "[{\"channel\": \"websocket\"}, {\"channel\": \"push\", \"after\": \"PT30S\"}]");
            }
            List<ChannelStep> steps = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                JsonNode s = node.get(i);
                String where = at + " steps[" + i + "]";
                Channel channel = Channel.fromWireName(s.path("channel").asText(null)).orElseThrow(() -> new ConfigException(
                        where + " names channel " + s.get("channel") + "; use " + Channel.wireNames()));
                if (steps.stream().anyMatch(x -> x.channel() == channel)) {
                    throw new ConfigException(where + " repeats channel " + channel.wireName() + "; each channel is one step");
                }
                JsonNode after = s.get("after");
                long seconds = after == null || after.isNull() ? 0 : RouteSteps.afterSeconds(after.asText(), where);
                if (i == 0 && seconds != 0) {
                    throw new ConfigException(where + " waits " + after.asText() + "; the first step fires at once, so give it no \"after\"");
                }
                if (i > 0 && seconds < steps.get(i - 1).afterSeconds()) {
                    throw new ConfigException(where + " waits less than the step before it; order the steps by their \"after\"");
                }
                steps.add(new ChannelStep(channel, seconds));
            }
            return steps;
        }

        private static String optionalText(ObjectNode o, String field, String at) {
            JsonNode v = o.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isTextual() || v.asText().isBlank()) {
                throw new ConfigException(at + " \"" + field + "\" must be a non-empty string, or left out");
            }
            return v.asText();
        }
    }
}
