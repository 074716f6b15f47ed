package dev.herald.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.event.Channel;
import dev.herald.common.event.EventParser;
import dev.herald.common.event.EventScanner;
import dev.herald.common.event.HeraldEvent;
import dev.herald.common.event.ParsedEvent;
import dev.herald.common.event.Priority;
import dev.herald.common.event.Problem;
import dev.herald.common.event.Recipient;
import dev.herald.common.event.SendAt;
import dev.herald.common.json.Json;
import dev.herald.common.ledger.DeliveryLedger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The router's CPU path: turns one raw ingress body into a {@link RoutingPlan} - parse, validate,
 * match routes, pick recipients, channels, template and category - without touching AWS. Thread-safe.
 *
 * <p>Herald events are validated by {@link EventParser} as producers' events always are. An event
 * whose envelope is valid but whose detail carries no Herald {@code recipients} at all (an AWS service
 * event such as S3 "Object Created") is routed only by a matching route that names its own
 * {@code recipients}; its whole detail becomes the template data. Any other invalid event is rejected
 * with every problem the parser found.
 */
public final class RoutePlanner {
    private final RouteTable routes;
    private final EventScanner scanner;

    public RoutePlanner(RouteTable routes) {
        this.routes = routes;
        this.scanner = EventScanner.keeping(routes.fieldPaths());
    }

    public RoutingPlan plan(String body) {
        EventScanner.Scanned scanned = scan(body);
        JsonNode root = scanned == null ? null : scanned.root();
        ParsedEvent parsed = root == null ? EventParser.parse(body) : EventParser.parse(body, root);
        if (parsed instanceof ParsedEvent.Valid valid) {
            return planHerald(valid.event(), root, scanned);
        }
        ParsedEvent.Invalid invalid = (ParsedEvent.Invalid) parsed;
        if (invalid.eventId().isPresent() && envelopeValid(invalid) && !root.path("detail").has("recipients")) {
            RoutingPlan foreign = planForeign(invalid.eventId().get(), (ObjectNode) root, scanned);
            if (foreign != null) {
                return foreign;
            }
        }
        String key = DeliveryLedger.eventKey(invalid.eventId().orElseGet(() -> bodyHash(body)));
        String eventType = invalid.eventId().isPresent() && root.path("detail-type").isTextual() ? root.get("detail-type").asText() : null;
        return new RoutingPlan.Rejected(key, invalid.eventId().orElse(null), eventType, invalid.reason());
    }

    /**
     * The body read once, for validation and matching, into a tree without the unmatched part of
     * {@code detail.data} (kept as text); null when the parser must explain why it cannot be read.
     */
    private EventScanner.Scanned scan(String body) {
        if (body == null || body.isBlank() || body.length() > EventParser.MAX_EVENT_BYTES) {
            return null;
        }
        return scanner.scan(body).orElse(null);
    }

    private RoutingPlan planHerald(HeraldEvent e, JsonNode root, EventScanner.Scanned scanned) {
        List<Route> matched = routes.match(root);
        String key = DeliveryLedger.eventKey(e.id());
        if (matched.isEmpty()) {
            return new RoutingPlan.Unrouted(key, e.id(), e.notificationId(), e.detailType(),
                    "no route matches source=" + e.source() + " detail-type=" + e.detailType()
                            + "; add a route whose pattern matches this event (PUT /v1/admin/routes/{routeId}, or the routes file when HERALD_ROUTES_FILE is set)");
        }
        List<Channel> channels = unionOfChannels(matched);
        if (!e.detail().channels().isEmpty()) {
            List<Channel> asked = e.detail().channels();
            List<Channel> offered = channels;
            channels = new ArrayList<>(offered.size());
            for (Channel c : offered) {
                if (asked.contains(c)) {
                    channels.add(c);
                }
            }
            if (channels.isEmpty()) {
                return new RoutingPlan.Unrouted(key, e.id(), e.notificationId(), e.detailType(),
                        "the event asks for channels " + wire(asked) + " but routes " + names(matched) + " deliver on "
                                + wire(offered) + " only; ask for one of those or add the channel to a route");
            }
        }
        Route first = firstWithTemplate(matched);
        String category = e.detail().category().orElseGet(() -> firstCategory(matched));
        return new RoutingPlan.Routed(e.id(), e.notificationId(), e.detailType(), e.source(), names(matched),
                e.detail().recipients(), channels, first == null ? null : first.templateId(), first != null && first.enrich(),
                category, e.detail().priority(), scanned.data(e.detail().data()), e.detail().locale().orElse(null), e.id(),
                RouteSteps.of(matched, channels), firstThrottle(matched), firstDigest(matched), SendAt.of(e.detail().raw()).orElse(null));
    }

    /** A foreign event (no Herald detail): routed by the matching routes that name recipients, else null. */
    private RoutingPlan planForeign(String eventId, ObjectNode root, EventScanner.Scanned scanned) {
        List<Route> matched = routes.match(root).stream().filter(Route::routesForeignEvents).toList();
        if (matched.isEmpty()) {
            return null;
        }
        List<Recipient> recipients = new ArrayList<>();
        matched.forEach(r -> r.recipients().stream().filter(x -> !recipients.contains(x)).forEach(recipients::add));
        JsonNode detail = root.get("detail");
        ObjectNode data = detail instanceof ObjectNode d ? d : Json.object();
        if (scanned.dataText() != null) {
            data = data.deepCopy();
            data.set("data", Json.raw(scanned.dataText()));
        }
        Route first = firstWithTemplate(matched);
        return new RoutingPlan.Routed(eventId, eventId, root.path("detail-type").asText(), root.path("source").asText(), names(matched),
                recipients, unionOfChannels(matched), first == null ? null : first.templateId(), first != null && first.enrich(),
                firstCategory(matched), Priority.NORMAL, data, null, eventId, RouteSteps.of(matched, unionOfChannels(matched)), firstThrottle(matched), firstDigest(matched));
    }

    /** The parser found problems in the detail only: the envelope (id, source, detail-type, time) is fine. */
    private static boolean envelopeValid(ParsedEvent.Invalid invalid) {
        return invalid.problems().stream().map(Problem::field).allMatch(f -> f.equals("detail") || f.startsWith("detail."));
    }

    private static List<Channel> unionOfChannels(List<Route> matched) {
        if (matched.size() == 1) {
            return matched.get(0).channels();
        }
        List<Channel> channels = new ArrayList<>();
        matched.forEach(r -> r.channels().stream().filter(c -> !channels.contains(c)).forEach(channels::add));
        return channels;
    }

    private static Route firstWithTemplate(List<Route> matched) {
        for (Route r : matched) {
            if (r.templateId() != null) {
                return r;
            }
        }
        return null;
    }

    private static Throttle firstThrottle(List<Route> matched) {
        for (Route r : matched) {
            if (r.throttle() != null) {
                return r.throttle();
            }
        }
        return null;
    }

    private static Digest firstDigest(List<Route> matched) {
        for (Route r : matched) {
            if (r.digest() != null) {
                return r.digest();
            }
        }
        return null;
    }

    private static String firstCategory(List<Route> matched) {
        for (Route r : matched) {
            if (r.category() != null) {
                return r.category();
            }
        }
        return null;
    }

    private static List<String> names(List<Route> matched) {
        List<String> names = new ArrayList<>(matched.size());
        for (Route r : matched) {
            names.add(r.name());
        }
        return names;
    }

    private static List<String> wire(List<Channel> channels) {
        return channels.stream().map(Channel::wireName).toList();
    }

    /** Ledger key material for a body without an event id: the same body always lands on the same row. */
    static String bodyHash(String body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((body == null ? "" : body).getBytes(StandardCharsets.UTF_8));
            return "sha256-" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }
}
