package dev.herald.common.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.config.Clocks;
import dev.herald.common.event.EventParser;
import dev.herald.common.event.Problem;
import dev.herald.common.event.SendAt;
import dev.herald.common.json.Json;
import dev.herald.common.topology.HeraldTopology;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * The HTTP ingestion route ({@code POST /v1/events}): the body {@code {"source", "detailType", "detail"}}
 * (or a list of up to 10 such objects) is validated as a whole before anything reaches the bus; any
 * problem answers 400 with every problem ({@code {"message", "problems": [{"field", "message"}]}}) and
 * nothing is published; else the entries go to the bus in one PutEvents call and the answer is 200 with
 * PutEvents' {@code Entries} and {@code FailedEntryCount}. The ingestion function runs this on AWS and
 * {@code herald up} runs the same function, so both answer alike.
 * <p>{@code priority: critical} skips opt-outs and quiet hours, so it needs the caller's token to carry
 * {@link HeraldTopology#SCOPE_PUBLISH_CRITICAL} as well: a critical entry without it answers 403 naming the
 * scope, and nothing is published. The route's JWT authorizer has already required
 * {@link HeraldTopology#SCOPE_PUBLISH}; the function reads the token's scopes from the authorizer's claims.
 */
public final class EventIngestion {
    /** PutEvents takes at most 10 entries per call. */
    public static final int MAX_ENTRIES = 10;

    /** Where valid entries go: one PutEvents call, results in request order. */
    @FunctionalInterface
    public interface Bus {
        List<PutEventsResultEntry> putEvents(List<PutEventsRequestEntry> entries);
    }

    /** An HTTP answer: status and JSON body. */
    public record Answer(int status, String body) {
    }

    private final Bus bus;
    private final String busName;
    private final Clock clock;

    public EventIngestion(Bus bus, String busName) {
        this(bus, busName, Clocks.current());
    }

    /** @param clock what "now" is for a detail's {@code sendAt} (at most a year ahead of it) */
    public EventIngestion(Bus bus, String busName, Clock clock) {
        this.bus = bus;
        this.busName = busName;
        this.clock = clock;
    }

    /**
     * Validates the body and publishes it, or answers 400 with every problem (403 for a critical entry without
     * the critical scope).
     *
     * @param body   the request body
     * @param scopes the scopes of the caller's verified token
     */
    public Answer ingest(String body, Set<String> scopes) {
        JsonNode root;
        try {
            root = Json.tree(body == null ? "" : body);
        } catch (Json.JsonException e) {
            return problems(List.of(new Problem("body", e.getMessage() + "; send {\"source\", \"detailType\", \"detail\"}")));
        }
        List<JsonNode> items = new ArrayList<>();
        boolean list = root != null && root.isArray();
        if (list) {
            root.forEach(items::add);
        } else if (root != null) {
            items.add(root);
        }
        List<Problem> problems = new ArrayList<>();
        if (items.isEmpty()) {
            problems.add(new Problem("body", "is empty; send {\"source\": \"shop.orders\", \"detailType\": \"order.shipped\", \"detail\": {...}}"));
        }
        if (items.size() > MAX_ENTRIES) {
            problems.add(new Problem("body", "has " + items.size() + " events, above the " + MAX_ENTRIES + " PutEvents allows in one call; split it"));
        }
        List<PutEventsRequestEntry> entries = new ArrayList<>();
        List<String> critical = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String prefix = list ? "[" + i + "]." : "";
            JsonNode item = items.get(i);
            if (!item.isObject()) {
                problems.add(new Problem(list ? "[" + i + "]" : "body", "is not a JSON object; send {\"source\", \"detailType\", \"detail\"}"));
                continue;
            }
            String source = requiredText(item, "source", prefix, "the producing application, e.g. shop.orders", problems);
            String detailType = requiredText(item, "detailType", prefix, "the event type, e.g. order.shipped", problems);
            JsonNode detail = item.get("detail");
            if (detail != null && detail.isTextual()) {
                try {
                    detail = Json.tree(detail.asText());
                } catch (Json.JsonException e) {
                    problems.add(new Problem(prefix + "detail", "is a string that is not JSON: " + e.getMessage()));
                    continue;
                }
            }
            if (detail == null || detail.isNull()) {
                problems.add(new Problem(prefix + "detail", "is missing; send a Herald detail object with at least recipients"));
                continue;
            }
            if (detail.isObject() && "critical".equalsIgnoreCase(detail.path("priority").asText(""))) {
                critical.add(list ? "[" + i + "]" : "the event");
            }
            List<Problem> detailProblems = EventParser.validateDetail(detail);
            for (Problem p : detailProblems) {
                problems.add(new Problem(prefix + p.field(), p.message()));
            }
            if (detailProblems.isEmpty()) {
                SendAt.problem(detail, prefix + "detail.", clock.instant()).ifPresent(problems::add);
            }
            String detailJson = Json.write(detail);
            if (detailJson.length() > EventParser.MAX_EVENT_BYTES) {
                problems.add(new Problem(prefix + "detail", "is " + detailJson.length() + " bytes, above the 262144-byte EventBridge limit"));
            }
            entries.add(PutEventsRequestEntry.builder().source(source).detailType(detailType).detail(detailJson).eventBusName(busName).build());
        }
        if (!problems.isEmpty()) {
            return problems(problems);
        }
        if (!critical.isEmpty() && !scopes.contains(HeraldTopology.SCOPE_PUBLISH_CRITICAL)) {
            ObjectNode refused = Json.object();
            refused.put("message", "Forbidden: " + String.join(", ", critical) + " has priority critical, which skips opt-outs and quiet hours"
                    + " and needs a token with the scope " + HeraldTopology.SCOPE_PUBLISH_CRITICAL + "; this token has "
                    + (scopes.isEmpty() ? "no scopes" : String.join(" ", scopes)) + ". Nothing was published: send priority high, or ask"
                    + " your identity provider for " + HeraldTopology.SCOPE_PUBLISH_CRITICAL);
            return new Answer(403, Json.write(refused));
        }
        List<PutEventsResultEntry> results = bus.putEvents(entries);
        ObjectNode answer = Json.object();
        ArrayNode out = answer.putArray("Entries");
        int failed = 0;
        for (PutEventsResultEntry r : results) {
            ObjectNode e = out.addObject();
            if (r.errorCode() != null) {
                failed++;
                e.put("ErrorCode", r.errorCode());
                e.put("ErrorMessage", r.errorMessage());
            } else {
                e.put("EventId", r.eventId());
            }
        }
        answer.put("FailedEntryCount", failed);
        return new Answer(200, Json.write(answer));
    }

    private static String requiredText(JsonNode item, String field, String prefix, String hint, List<Problem> problems) {
        JsonNode v = item.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            problems.add(new Problem(prefix + field, "is missing or empty; set it to " + hint));
            return "";
        }
        return v.asText();
    }

    private static Answer problems(List<Problem> problems) {
        ObjectNode body = Json.object();
        body.put("message", "the event is not valid; " + problems.size() + (problems.size() == 1 ? " problem" : " problems") + " listed");
        ArrayNode list = body.putArray("problems");
        for (Problem p : problems) {
            list.addObject().put("field", p.field()).put("message", p.message());
        }
        return new Answer(400, Json.write(body));
    }
}
