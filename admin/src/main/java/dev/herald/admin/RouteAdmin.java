package dev.herald.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.config.ConfigException;
import dev.herald.common.event.Channel;
import dev.herald.common.event.Problem;
import dev.herald.common.event.Recipient;
import dev.herald.common.http.HttpResponses;
import dev.herald.common.json.Json;
import dev.herald.common.store.RouteStore;
import dev.herald.common.store.TemplateStore;
import dev.herald.router.Digest;
import dev.herald.router.Route;
import dev.herald.router.RouteTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import software.amazon.event.ruler.Machine;

/**
 * Routes: put (validated: the pattern by event-ruler, channels or steps, the template's existence, recipients, a digest's
 * fields ({@link Digest#problems}), and finally by
 * the router's own parser, {@link RouteTable}), get, list, delete, and a test that says which routes match an event.
 * A write raises the table's version, so the router uses it from its next batch.
 */
final class RouteAdmin {
    private final RouteStore store;
    private final TemplateStore templates;

    RouteAdmin(RouteStore store, TemplateStore templates) {
        this.store = store;
        this.templates = templates;
    }

    APIGatewayV2HTTPResponse list() {
        List<JsonNode> routes = store.list().stream().map(r -> Json.tree(r.document())).toList();
        return HttpResponses.json(200, Map.of("routes", routes));
    }

    APIGatewayV2HTTPResponse get(String routeId) {
        if (!validId(routeId)) {
            return HttpResponses.notFound("no route '" + routeId + "'");
        }
        return store.get(routeId).map(r -> HttpResponses.json(200, Json.tree(r.document())))
                .orElseGet(() -> HttpResponses.notFound("no route '" + routeId + "'; GET /v1/admin/routes lists them"));
    }

    APIGatewayV2HTTPResponse delete(String routeId) {
        if (!validId(routeId) || !store.delete(routeId)) {
            return HttpResponses.notFound("no route '" + routeId + "'; GET /v1/admin/routes lists them");
        }
        return HttpResponses.noContent();
    }

    APIGatewayV2HTTPResponse put(String routeId, String body) {
        List<Problem> problems = new ArrayList<>();
        if (!validId(routeId)) {
            problems.add(new Problem("routeId", "'" + routeId + "' is not valid; use 1-128 characters of A-Z, a-z, 0-9, '.', '_'"
                    + " or '-', starting with a letter or digit, e.g. order-shipped"));
        }
        ObjectNode route = Bodies.object(body, problems);
        if (route != null) {
            check(routeId, route, problems);
        }
        if (problems.isEmpty()) {
            try {
                // the router's own parser: whatever it would refuse when loading the table is refused here
                RouteTable.fromDocuments("request", List.of(Json.write(route)));
            } catch (ConfigException e) {
                problems.add(new Problem("route", e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            return HttpResponses.badRequest("route '" + routeId + "' is not valid; fix the fields below", problems);
        }
        store.put(routeId, Json.write(route));
        return HttpResponses.json(200, route);
    }

    /** The ids of the stored routes that match {@code body} (an EventBridge event), in the router's order. */
    APIGatewayV2HTTPResponse test(String body) {
        List<Problem> problems = new ArrayList<>();
        ObjectNode event = Bodies.object(body, problems);
        if (event == null) {
            return HttpResponses.badRequest("the body must be an event, as EventBridge delivers it to the router", problems);
        }
        List<String> usable = new ArrayList<>();
        for (RouteStore.StoredRoute r : store.list()) {
            try {
                RouteTable.fromDocuments("table", List.of(r.document()));
                usable.add(r.document());
            } catch (ConfigException e) {
                // a document written around this API; the router leaves it out too
            }
        }
        List<String> matches = RouteTable.fromDocuments("table", usable).match(event).stream().map(Route::name).toList();
        return HttpResponses.json(200, Map.of("matches", matches));
    }

    private void check(String routeId, ObjectNode route, List<Problem> problems) {
        JsonNode name = route.get("name");
        if (name == null || name.isNull()) {
            route.put("name", routeId);
        } else if (!name.isTextual() || !name.asText().equals(routeId)) {
            problems.add(new Problem("name", "is " + name + " but the path names route '" + routeId + "'; leave name out or make them equal"));
        }
        JsonNode pattern = route.get("pattern");
        if (!(pattern instanceof ObjectNode)) {
            problems.add(new Problem("pattern", "is missing or not an object; write an event-ruler pattern such as {\"detail-type\": [\"order.shipped\"]}"));
        } else {
            try {
                new Machine().addRule(routeId, Json.write(pattern));
            } catch (Exception | StackOverflowError e) {
                problems.add(new Problem("pattern", "event-ruler refuses it: " + e.getMessage()
                        + "; see https://github.com/aws/event-ruler#patterns for the syntax"));
            }
        }
        JsonNode channels = route.get("channels");
        if (route.hasNonNull("steps")) {
            // the channels as steps (WebSocket first, then fallbacks): the router's parser below checks each step
            if (channels != null && !channels.isNull()) {
                problems.add(new Problem("channels", "is given with steps; list the channels as steps only"));
            }
        } else if (channels == null || !channels.isArray() || channels.isEmpty()) {
            problems.add(new Problem("channels", "is missing or empty; list at least one of " + wireNames()
                    + ", or list them as \"steps\" such as [{\"channel\": \"websocket\"}, {\"channel\": \"push\", \"after\": \"PT30S\"}]"));
        } else {
            for (int i = 0; i < channels.size(); i++) {
                if (Channel.fromWireName(channels.get(i).asText()).isEmpty()) {
                    problems.add(new Problem("channels[" + i + "]", "'" + channels.get(i).asText() + "' is not a channel; use one of " + wireNames()));
                }
            }
        }
        String template = Bodies.text(route, "template", problems);
        if (template != null) {
            TemplateStore.idProblem(template).ifPresentOrElse(p -> problems.add(new Problem("template", p)), () -> {
                if (!templates.load(template).exists()) {
                    problems.add(new Problem("template", "template '" + template + "' does not exist; put it first with"
                            + " PUT /v1/admin/templates/" + template + "/{locale}"));
                }
            });
        }
        if (route.path("enrich").asBoolean(false) && route.get("template") == null) {
            problems.add(new Problem("enrich", "is true but the route names no template; name the template to render, or drop enrich"));
        }
        Bodies.text(route, "category", problems);
        JsonNode recipients = route.get("recipients");
        if (recipients != null && !recipients.isNull()) {
            if (!recipients.isArray()) {
                problems.add(new Problem("recipients", "must be an array such as [\"topic:uploads\", \"user-1\"]"));
            } else {
                for (int i = 0; i < recipients.size(); i++) {
                    JsonNode r = recipients.get(i);
                    if (!r.isTextual() || r.asText().isBlank() || r.asText().equals(Recipient.TOPIC_PREFIX)) {
                        problems.add(new Problem("recipients[" + i + "]", "is " + r + "; write a user id or topic:NAME"));
                    }
                }
            }
        }
        // the router's own check of a digest, field by field (digest.key, digest.window, digest.until)
        problems.addAll(Digest.problems(route.get("digest")));
    }

    private static boolean validId(String routeId) {
        return routeId != null && RouteStore.ID.matcher(routeId).matches();
    }

    private static List<String> wireNames() {
        return Arrays.stream(Channel.values()).map(Channel::wireName).toList();
    }
}
