package dev.herald.local.bus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import dev.herald.common.topology.RuleSpec;
import dev.herald.local.EventPublisher;
import dev.herald.local.edge.AwsJson;
import dev.herald.local.edge.AwsJsonService;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The EventBridge API on the edge port ({@code X-Amz-Target: AWSEvents.*}):
 * <ul>
 *   <li>{@code PutEvents} - 1 to 10 entries (else 400 {@code ValidationException}, nothing published);
 *       each entry is published by the {@link LocalEventBus}, whose per-entry errors come back in
 *       {@code Entries} with {@code FailedEntryCount}, HTTP 200 - as EventBridge answers;</li>
 *   <li>{@code ListRules}, {@code DescribeEventBus}, {@code ListEventBuses}, {@code ListTargetsByRule} -
 *       read-only views of the Topology (unknown bus or rule: 400 {@code ResourceNotFoundException}).</li>
 * </ul>
 * Anything else answers 400 {@code UnknownOperationException}: buses and rules come from the Topology, not from API calls.
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html
 */
public final class EventsApi implements AwsJsonService {
    static final int MAX_ENTRIES = 10;

    private final LocalEventBus bus;
    private final String queueArnPrefix;

    /**
     * @param bus            the local buses
     * @param queueArnPrefix e.g. {@code arn:aws:sqs:eu-west-1:000000000000:}, for rule targets
     */
    public EventsApi(LocalEventBus bus, String queueArnPrefix) {
        this.bus = bus;
        this.queueArnPrefix = queueArnPrefix;
    }

    @Override
    public String targetPrefix() {
        return "AWSEvents";
    }

    @Override
    public void handle(String operation, byte[] body, Context ctx) {
        Optional<JsonNode> input = AwsJson.body(body, ctx);
        if (input.isEmpty()) {
            return;
        }
        switch (operation) {
            case "PutEvents" -> putEvents(input.get(), ctx);
            case "ListRules" -> listRules(input.get(), ctx);
            case "DescribeEventBus" -> describeEventBus(input.get(), ctx);
            case "ListEventBuses" -> listEventBuses(ctx);
            case "ListTargetsByRule" -> listTargets(input.get(), ctx);
            default -> AwsJson.unknownOperation(ctx, "AWSEvents." + operation,
                    "PutEvents, ListRules, DescribeEventBus, ListEventBuses and ListTargetsByRule (buses and rules come from the Topology)");
        }
    }

    private void putEvents(JsonNode input, Context ctx) {
        JsonNode entries = input.get("Entries");
        if (entries == null || !entries.isArray() || entries.isEmpty() || entries.size() > MAX_ENTRIES) {
            int n = entries == null || !entries.isArray() ? 0 : entries.size();
            AwsJson.error(ctx, 400, "ValidationException", "1 validation error detected: Value at 'entries' failed to satisfy constraint: "
                    + "Member must have length between 1 and " + MAX_ENTRIES + " (got " + n + "); split the events into calls of at most 10");
            return;
        }
        List<EventPublisher.Entry> list = new ArrayList<>();
        for (JsonNode e : entries) {
            List<String> resources = new ArrayList<>();
            e.path("Resources").forEach(r -> resources.add(r.asText()));
            list.add(new EventPublisher.Entry(text(e, "Source"), text(e, "DetailType"), text(e, "Detail"), resources,
                    text(e, "EventBusName"), time(e.get("Time"))));
        }
        List<EventPublisher.Result> results = bus.putEvents(list);
        ObjectNode out = Json.object();
        int failed = 0;
        ArrayNode resultEntries = Json.mapper().createArrayNode();
        for (EventPublisher.Result r : results) {
            ObjectNode o = resultEntries.addObject();
            if (r.failed()) {
                failed++;
                o.put("ErrorCode", r.errorCode());
                o.put("ErrorMessage", r.errorMessage());
            } else {
                o.put("EventId", r.eventId());
            }
        }
        out.put("FailedEntryCount", failed);
        out.set("Entries", resultEntries);
        AwsJson.ok(ctx, out);
    }

    private void listRules(JsonNode input, Context ctx) {
        Optional<String> busName = existingBus(input.get("EventBusName"), ctx);
        if (busName.isEmpty()) {
            return;
        }
        String prefix = text(input, "NamePrefix");
        ObjectNode out = Json.object();
        ArrayNode rules = out.putArray("Rules");
        for (RuleSpec r : bus.rules(busName.get())) {
            if (prefix == null || r.name().startsWith(prefix)) {
                rules.addObject().put("Name", r.name()).put("Arn", bus.ruleArn(r)).put("EventPattern", r.eventPattern())
                        .put("State", "ENABLED").put("Description", r.description()).put("EventBusName", r.bus());
            }
        }
        AwsJson.ok(ctx, out);
    }

    private void listTargets(JsonNode input, Context ctx) {
        Optional<String> busName = existingBus(input.get("EventBusName"), ctx);
        if (busName.isEmpty()) {
            return;
        }
        String rule = text(input, "Rule");
        Optional<RuleSpec> spec = bus.rules(busName.get()).stream().filter(r -> r.name().equals(rule)).findFirst();
        if (spec.isEmpty()) {
            AwsJson.error(ctx, 400, "ResourceNotFoundException", "Rule " + rule + " does not exist on event bus " + busName.get() + ".");
            return;
        }
        ObjectNode out = Json.object();
        out.putArray("Targets").addObject().put("Id", spec.get().targetQueue()).put("Arn", queueArnPrefix + spec.get().targetQueue());
        AwsJson.ok(ctx, out);
    }

    private void describeEventBus(JsonNode input, Context ctx) {
        existingBus(input.get("Name"), ctx).ifPresent(name -> {
            ObjectNode out = Json.object();
            out.put("Name", name).put("Arn", bus.busArn(name));
            AwsJson.ok(ctx, out);
        });
    }

    private void listEventBuses(Context ctx) {
        ObjectNode out = Json.object();
        ArrayNode buses = out.putArray("EventBuses");
        bus.busNames().forEach(b -> buses.addObject().put("Name", b).put("Arn", bus.busArn(b)));
        AwsJson.ok(ctx, out);
    }

    private Optional<String> existingBus(JsonNode name, Context ctx) {
        String requested = name == null || name.isNull() ? null : name.asText();
        Optional<String> resolved = bus.resolveBus(requested);
        if (resolved.isEmpty()) {
            AwsJson.error(ctx, 400, "ResourceNotFoundException", "Event bus " + requested + " does not exist; this runtime has " + bus.busNames());
        }
        return resolved;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** The JSON protocol sends timestamps as epoch seconds (possibly fractional); the CLI may send ISO-8601. */
    private static Instant time(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            BigDecimal seconds = node.decimalValue();
            return Instant.ofEpochSecond(seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        }
        try {
            return Instant.parse(node.asText());
        } catch (RuntimeException e) {
            return null;
        }
    }
}
