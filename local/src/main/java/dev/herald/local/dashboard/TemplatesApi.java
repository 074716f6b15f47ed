package dev.herald.local.dashboard;

import static dev.herald.local.dashboard.DashboardResponses.error;
import static dev.herald.local.dashboard.DashboardResponses.json;
import static dev.herald.local.dashboard.DashboardResponses.localCaller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.delivery.RenderedContent;
import dev.herald.common.event.Channel;
import dev.herald.common.json.Json;
import dev.herald.common.store.ProfileStore;
import dev.herald.common.store.TemplateStore;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.enrichment.TemplatePreview;
import dev.herald.local.EdgeComponent;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The templates page's data, read from and written to the Templates table:
 * <ul>
 *   <li>{@code GET /dashboard/api/templates}: every row (templateId, locale and parts);</li>
 *   <li>{@code PUT /dashboard/api/templates/{templateId}/{locale}} (body: title, body, subject, html, text): compiled
 *       first by the enrichment function's renderer; a part that does not compile is refused (400, each problem with its
 *       part, line and reason) and nothing is written;</li>
 *   <li>{@code POST /dashboard/api/templates/preview} (body: {@code template} (the parts), {@code data} (the event's data),
 *       {@code userId} (whose profile fills the rest)): per channel the content a recipient would get, or why that
 *       channel could not be rendered - rendered by {@link TemplatePreview}, nothing is sent.</li>
 * </ul>
 */
public final class TemplatesApi implements EdgeComponent {
    private static final List<String> PARTS = List.of("title", "body", "subject", "html", "text");

    private final DynamoDbClient dynamo;
    private final ProfileStore profiles;
    private final DashboardGuard guard;

    public TemplatesApi(DynamoDbClient dynamo, ProfileStore profiles, DashboardGuard guard) {
        this.dynamo = dynamo;
        this.profiles = profiles;
        this.guard = guard;
    }

    @Override
    public void install(JavalinConfig config) {
        config.routes.get("/dashboard/api/templates", guard.read(this::list));
        config.routes.put("/dashboard/api/templates/{templateId}/{locale}", guard.change(this::put));
        config.routes.post("/dashboard/api/templates/preview", guard.change(this::preview));
    }

    private void list(Context ctx) {
        if (!localCaller(ctx)) {
            return;
        }
        ArrayNode rows = Json.mapper().createArrayNode();
        dynamo.scanPaginator(r -> r.tableName(HeraldTopology.TABLE_TEMPLATES)).items().stream()
                .sorted(java.util.Comparator.comparing((Map<String, AttributeValue> i) -> i.get("templateId").s()).thenComparing(i -> i.get("locale").s()))
                .forEach(item -> {
                    ObjectNode row = rows.addObject();
                    row.put("templateId", item.get("templateId").s());
                    row.put("locale", item.get("locale").s());
                    for (String part : PARTS) {
                        if (item.containsKey(part)) {
                            row.put(part, item.get(part).s());
                        }
                    }
                });
        ObjectNode out = Json.object();
        out.set("templates", rows);
        json(ctx, 200, out);
    }

    private void put(Context ctx) {
        if (!localCaller(ctx)) {
            return;
        }
        String templateId = ctx.pathParam("templateId");
        String locale = ctx.pathParam("locale");
        JsonNode body;
        try {
            body = Json.tree(ctx.body());
        } catch (RuntimeException e) {
            error(ctx, 400, "the body is not JSON: " + e.getMessage());
            return;
        }
        List<String> problems = new java.util.ArrayList<>();
        TemplateStore.idProblem(templateId).ifPresent(problems::add);
        if (!locale.matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")) {
            problems.add("locale '" + locale + "' is not a language tag such as en or pt-BR");
        }
        TemplateStore.Template row = row(templateId, locale, body);
        if (row.title() == null && row.subject() == null) {
            problems.add("the template has neither a title (websocket, push) nor a subject (email); write at least one");
        }
        problems.addAll(TemplatePreview.problems(row));
        if (!problems.isEmpty()) {
            ObjectNode out = Json.object();
            out.put("message", "template '" + templateId + "' (" + locale + ") was not saved: " + String.join("; ", problems));
            ArrayNode list = out.putArray("problems");
            problems.forEach(list::add);
            json(ctx, 400, out);
            return;
        }
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("templateId", AttributeValue.fromS(templateId));
        item.put("locale", AttributeValue.fromS(locale));
        for (String part : PARTS) {
            String value = ControlPages.text(body, part);
            if (value != null && !value.isEmpty()) {
                item.put(part, AttributeValue.fromS(value));
            }
        }
        dynamo.putItem(r -> r.tableName(HeraldTopology.TABLE_TEMPLATES).item(item));
        json(ctx, 200, Json.mapper().valueToTree(Map.of("templateId", templateId, "locale", locale)));
    }

    private void preview(Context ctx) {
        if (!localCaller(ctx)) {
            return;
        }
        JsonNode body;
        try {
            body = Json.tree(ctx.body());
        } catch (RuntimeException e) {
            error(ctx, 400, "the body is not JSON: " + e.getMessage());
            return;
        }
        JsonNode data = body.path("data");
        if (!data.isMissingNode() && !data.isNull() && !data.isObject()) {
            error(ctx, 400, "data must be a JSON object (the event's detail.data), e.g. {\"orderId\":\"A-1\"}");
            return;
        }
        String userId = ControlPages.text(body, "userId");
        TemplateStore.Template row = row(body.path("templateId").asText("preview"), body.path("locale").asText("en"), body.path("template"));
        ProfileStore.Profile profile = userId == null || userId.isBlank() ? null : profiles.find(userId).orElse(null);
        TemplatePreview.Outcome outcome = TemplatePreview.render(row, List.of(Channel.WEBSOCKET, Channel.PUSH, Channel.EMAIL),
                data.isObject() ? (ObjectNode) data : Json.object(), userId == null ? "" : userId, profile);
        ObjectNode out = Json.object();
        ObjectNode rendered = out.putObject("rendered");
        for (Map.Entry<Channel, RenderedContent> e : outcome.rendered().entrySet()) {
            rendered.set(e.getKey().wireName(), Json.mapper().valueToTree(e.getValue()));
        }
        ObjectNode failures = out.putObject("failures");
        outcome.failures().forEach((channel, reason) -> failures.put(channel.wireName(), reason));
        out.put("profileFound", profile != null);
        json(ctx, 200, out);
    }

    private static TemplateStore.Template row(String templateId, String locale, JsonNode parts) {
        return new TemplateStore.Template(templateId, locale, part(parts, "title"), part(parts, "body"), part(parts, "subject"),
                part(parts, "html"), part(parts, "text"));
    }

    private static String part(JsonNode parts, String name) {
        String v = ControlPages.text(parts, name);
        return v == null || v.isEmpty() ? null : v;
    }
}
