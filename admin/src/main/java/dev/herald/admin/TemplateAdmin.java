package dev.herald.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.delivery.RenderedContent;
import dev.herald.common.event.Channel;
import dev.herald.common.event.Problem;
import dev.herald.common.http.HttpResponses;
import dev.herald.common.json.Json;
import dev.herald.common.store.DynamoDbProfileStore;
import dev.herald.common.store.ProfileStore.Profile;
import dev.herald.common.store.TemplateStore;
import dev.herald.common.store.TemplateStore.Template;
import dev.herald.enrichment.TemplateCheck;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Templates: put per locale (compiled on write by enrichment's compiler; a part that does not compile is refused with
 * its line and reason), get, list, and a preview that renders against sample data and a profile and sends nothing.
 * Enrichment caches templates for a short TTL, so an edit reaches sends within it.
 */
final class TemplateAdmin {
    static final List<String> PARTS = List.of("title", "body", "subject", "html", "text");
    private static final Pattern LOCALE = Pattern.compile("default|[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");

    private final DynamoDbClient dynamo;
    private final String table;
    private final TemplateStore store;
    private final DynamoDbProfileStore profiles;

    TemplateAdmin(DynamoDbClient dynamo, String table, TemplateStore store, String profilesTable) {
        this.dynamo = dynamo;
        this.table = table;
        this.store = store;
        this.profiles = new DynamoDbProfileStore(dynamo, profilesTable);
    }

    APIGatewayV2HTTPResponse list() {
        List<Map<String, String>> rows = new ArrayList<>();
        dynamo.scanPaginator(r -> r.tableName(table).projectionExpression("templateId, #l")
                        .expressionAttributeNames(Map.of("#l", "locale"))).items()
                .forEach(item -> rows.add(Map.of("templateId", item.get("templateId").s(), "locale", item.get("locale").s())));
        rows.sort((a, b) -> (a.get("templateId") + "/" + a.get("locale")).compareTo(b.get("templateId") + "/" + b.get("locale")));
        return HttpResponses.json(200, Map.of("templates", rows));
    }

    APIGatewayV2HTTPResponse get(String templateId, String locale) {
        if (TemplateStore.idProblem(templateId).isPresent() || locale == null || !LOCALE.matcher(locale).matches()) {
            return HttpResponses.notFound("no template '" + templateId + "' in locale '" + locale + "'");
        }
        var item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of("templateId", AttributeValue.fromS(templateId), "locale", AttributeValue.fromS(locale)))).item();
        if (item == null || item.isEmpty()) {
            return HttpResponses.notFound("no template '" + templateId + "' in locale '" + locale + "'; GET /v1/admin/templates lists them");
        }
        Map<String, String> out = new LinkedHashMap<>();
        item.forEach((k, v) -> out.put(k, v.s()));
        return HttpResponses.json(200, out);
    }

    APIGatewayV2HTTPResponse put(String templateId, String locale, String body) {
        List<Problem> problems = new ArrayList<>();
        TemplateStore.idProblem(templateId).ifPresent(p -> problems.add(new Problem("templateId", p)));
        if (locale == null || !LOCALE.matcher(locale).matches()) {
            problems.add(new Problem("locale", "'" + locale + "' is not a locale; use a BCP 47 tag such as en, fr-CA, or 'default'"));
        }
        ObjectNode o = Bodies.object(body, problems);
        Map<String, String> parts = new LinkedHashMap<>();
        if (o != null) {
            for (String part : PARTS) {
                String text = Bodies.text(o, part, problems);
                if (text != null) {
                    parts.put(part, text);
                }
            }
            o.fieldNames().forEachRemaining(f -> {
                if (!PARTS.contains(f)) {
                    problems.add(new Problem(f, "is not a template part; use " + PARTS));
                }
            });
            if (parts.isEmpty() && problems.isEmpty()) {
                problems.add(new Problem("body", "has no part; set title and body (WebSocket, push) and/or subject with html or text (email)"));
            }
        }
        if (problems.isEmpty()) {
            TemplateCheck.problems(row(templateId, locale, parts)).forEach((part, reason) -> problems.add(new Problem(part, reason)));
        }
        if (!problems.isEmpty()) {
            return HttpResponses.badRequest("template '" + templateId + "' (" + locale + ") is not valid; fix the fields below", problems);
        }
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("templateId", AttributeValue.fromS(templateId));
        item.put("locale", AttributeValue.fromS(locale));
        parts.forEach((k, v) -> item.put(k, AttributeValue.fromS(v)));
        dynamo.putItem(r -> r.tableName(table).item(item));
        Map<String, String> out = new LinkedHashMap<>();
        out.put("templateId", templateId);
        out.put("locale", locale);
        out.putAll(parts);
        return HttpResponses.json(200, out);
    }

    /**
     * Body {@code {"data": {...}, "userId": "...", "profile": {...}, "locale": "...", "channels": [...]}}, all optional:
     * the profile given, else the stored one of {@code userId}; the locale given, else the profile's; channels default
     * to every channel the row can render.
     */
    APIGatewayV2HTTPResponse preview(String templateId, String body) {
        List<Problem> problems = new ArrayList<>();
        ObjectNode o = body == null || body.isBlank() ? Json.object() : Bodies.object(body, problems);
        if (o == null) {
            return HttpResponses.badRequest("the preview request is not valid", problems);
        }
        JsonNode data = o.path("data");
        if (!data.isMissingNode() && !data.isObject()) {
            problems.add(new Problem("data", "must be an object: the event's data the template renders"));
        }
        String userId = Optional.ofNullable(Bodies.text(o, "userId", problems)).orElse("preview-user");
        Profile profile = o.get("profile") instanceof ObjectNode p
                ? new Profile(userId, p.path("displayName").asText(null), p.path("email").asText(null),
                        p.path("locale").asText(null), p.path("timeZone").asText(null))
                : profiles.find(userId).orElse(null);
        String locale = Optional.ofNullable(Bodies.text(o, "locale", problems)).orElse(profile == null ? null : profile.locale());
        List<Channel> channels = new ArrayList<>();
        JsonNode ch = o.get("channels");
        if (ch != null && ch.isArray()) {
            for (int i = 0; i < ch.size(); i++) {
                int at = i;
                Channel.fromWireName(ch.get(i).asText()).ifPresentOrElse(channels::add,
                        () -> problems.add(new Problem("channels[" + at + "]", "'" + ch.get(at).asText() + "' is not a channel")));
            }
        }
        if (!problems.isEmpty()) {
            return HttpResponses.badRequest("the preview request is not valid", problems);
        }
        Optional<Template> row = TemplateStore.idProblem(templateId).isPresent() ? Optional.empty() : store.find(templateId, locale);
        if (row.isEmpty()) {
            return HttpResponses.notFound("template '" + templateId + "' has no locale '" + locale + "' and no fallback;"
                    + " PUT /v1/admin/templates/" + templateId + "/{locale} first");
        }
        Template t = row.get();
        if (channels.isEmpty()) {
            if (t.title() != null || t.body() != null) {
                channels.add(Channel.WEBSOCKET);
            }
            if (t.subject() != null) {
                channels.add(Channel.EMAIL);
            }
        }
        try {
            Map<Channel, RenderedContent> rendered = TemplateCheck.preview(t, channels, data instanceof ObjectNode d ? d : null, userId, profile);
            Map<String, Object> content = new LinkedHashMap<>();
            rendered.forEach((c, r) -> content.put(c.wireName(), r));
            return HttpResponses.json(200, Map.of("templateId", templateId, "locale", t.locale(), "content", content));
        } catch (IllegalArgumentException e) {
            return HttpResponses.badRequest("the template does not render with this data", List.of(new Problem("data", e.getMessage())));
        }
    }

    private static Template row(String templateId, String locale, Map<String, String> parts) {
        return new Template(templateId, locale.toLowerCase(Locale.ROOT), parts.get("title"), parts.get("body"), parts.get("subject"),
                parts.get("html"), parts.get("text"));
    }
}
