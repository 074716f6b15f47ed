package dev.herald.common.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.event.EventParser;
import dev.herald.common.event.Problem;
import dev.herald.common.json.Json;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * The HTTP ingestion route ({@code POST /v1/events}): the body {@code {"source", "detailType", "detail"}}
 * (or a list of up to 10 such objects) is validated as a whole before anything reaches the bus; any
 * problem answers 400 with every problem ({@code {"message", "problems": [{"field", "message"}]}}) and
 * nothing is published; else the entries go to the bus in one PutEvents call and the answer is 200 with
 * PutEvents' {@code Entries} and {@code FailedEntryCount}. The ingestion function runs this on AWS and
 * {@code herald up} runs the same function, so both answer alike.
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

    public EventIngestion(Bus bus, String busName) {
        this.bus = bus;
        this.busName = busName;
    }

    /** Validates the body and publishes it, or answers 400 with every problem. */
    public Answer ingest(String body) {
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
            for (Problem p : EventParser.validateDetail(detail)) {
                problems.add(new Problem(prefix + p.field(), p.message()));
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
