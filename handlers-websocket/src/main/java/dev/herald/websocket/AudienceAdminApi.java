package dev.herald.websocket;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.event.Problem;
import dev.herald.common.http.HttpRequests;
import dev.herald.common.http.HttpResponses;
import dev.herald.common.http.JwtAuth;
import dev.herald.common.http.Scopes;
import dev.herald.common.json.Json;
import dev.herald.common.store.TopicSettingsStore;
import dev.herald.common.store.TopicStore;
import dev.herald.common.topology.HeraldTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The operator's topic and ledger routes (payload format 2.0), all behind {@link HeraldTopology#SCOPE_ADMIN}:
 * <ul>
 *   <li>{@code GET /v1/admin/topics/{topic}/members?cursor=&limit=} - {@code {"members":[...],"nextCursor":"..."}},
 *       user id order, limit 1-{@value TopicStore#MAX_PAGE_SIZE} (default 100);</li>
 *   <li>{@code PUT|DELETE /v1/admin/topics/{topic}/members/{userId}} - add or remove a member (204; both idempotent);</li>
 *   <li>{@code PUT /v1/admin/topics/{topic}} - the topic's settings, {@code {"selfService": true|false}};</li>
 *   <li>{@code GET /v1/admin/ledger?...} - {@link LedgerQuery}.</li>
 * </ul>
 * The scope is checked here again although the gateway's authorizer checked it (a route deployed without its scopes
 * must not open the ledger): a token without it gets 403. Bad input is 400 with every problem.
 */
final class AudienceAdminApi {
    static final int DEFAULT_MEMBERS = 100;

    private final JwtAuth auth;
    private final TopicStore topics;
    private final TopicSettingsStore settings;
    private final LedgerQuery ledger;

    AudienceAdminApi(JwtAuth auth, TopicStore topics, TopicSettingsStore settings, LedgerQuery ledger) {
        this.auth = auth;
        this.topics = topics;
        this.settings = settings;
        this.ledger = ledger;
    }

    APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        switch (auth.authenticate(event)) {
            case JwtAuth.Caller caller -> {
                if (!Scopes.of(caller.claims()).contains(HeraldTopology.SCOPE_ADMIN)) {
                    return HttpResponses.forbidden("this token lacks the scope " + HeraldTopology.SCOPE_ADMIN
                            + "; the admin API takes an operator's token (e.g. a client-credentials grant with that scope)");
                }
            }
            case JwtAuth.Denied denied -> {
                return denied.response();
            }
        }
        String route = HttpRequests.route(event);
        String topic = PathIds.param(event, "topic");
        return switch (route) {
            case "GET /v1/admin/topics/{topic}/members" -> members(topic, HttpRequests.query(event, "cursor"), HttpRequests.query(event, "limit"));
            case "PUT /v1/admin/topics/{topic}/members/{userId}" -> member(topic, PathIds.param(event, "userId"), true);
            case "DELETE /v1/admin/topics/{topic}/members/{userId}" -> member(topic, PathIds.param(event, "userId"), false);
            case "PUT /v1/admin/topics/{topic}" -> putSettings(topic, HttpRequests.body(event));
            case "GET /v1/admin/ledger" -> switch (ledger.run(event.getQueryStringParameters())) {
                case LedgerQuery.Page page -> HttpResponses.json(200, page.body());
                case LedgerQuery.Invalid invalid -> HttpResponses.badRequest("ledger query refused", invalid.problems());
            };
            default -> HttpResponses.notFound("no route " + route + "; see docs/API.md for the admin topic and ledger routes");
        };
    }

    private APIGatewayV2HTTPResponse members(String topic, String cursor, String rawLimit) {
        List<Problem> problems = new ArrayList<>();
        PathIds.check("topic", topic).ifPresent(problems::add);
        int limit = DEFAULT_MEMBERS;
        if (rawLimit != null) {
            try {
                limit = Integer.parseInt(rawLimit.trim());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > TopicStore.MAX_PAGE_SIZE) {
                problems.add(new Problem("limit", "'" + rawLimit + "' is not a whole number from 1 to " + TopicStore.MAX_PAGE_SIZE));
            }
        }
        if (!problems.isEmpty()) {
            return HttpResponses.badRequest("members query refused", problems);
        }
        TopicStore.Page page;
        try {
            page = topics.subscribers(topic, cursor, limit);
        } catch (IllegalArgumentException badCursor) {
            return HttpResponses.badRequest("members query refused", List.of(new Problem("cursor",
                    "was not issued by this listing; pass the nextCursor of the previous page unchanged, or none for the first page")));
        }
        ObjectNode body = Json.object();
        body.put("topic", topic);
        var list = body.putArray("members");
        page.userIds().forEach(list::add);
        page.nextPageToken().ifPresent(next -> body.put("nextCursor", next));
        return HttpResponses.json(200, body);
    }

    private APIGatewayV2HTTPResponse member(String topic, String userId, boolean add) {
        List<Problem> problems = new ArrayList<>();
        PathIds.check("topic", topic).ifPresent(problems::add);
        PathIds.check("userId", userId).ifPresent(problems::add);
        if (!problems.isEmpty()) {
            return HttpResponses.badRequest("membership not changed", problems);
        }
        if (add) {
            topics.subscribe(topic, userId);
        } else {
            topics.unsubscribe(topic, userId);
        }
        return HttpResponses.noContent();
    }

    private APIGatewayV2HTTPResponse putSettings(String topic, String body) {
        List<Problem> problems = new ArrayList<>();
        PathIds.check("topic", topic).ifPresent(problems::add);
        JsonNode tree;
        try {
            tree = body.isBlank() ? null : Json.tree(body);
        } catch (RuntimeException e) {
            tree = null;
        }
        if (tree == null || !tree.isObject()) {
            problems.add(new Problem("body", "is not a JSON object; send e.g. {\"selfService\":true}"));
        } else {
            tree.fieldNames().forEachRemaining(f -> {
                if (!f.equals("selfService")) {
                    problems.add(new Problem(f, "is not a topic setting; use selfService"));
                }
            });
            JsonNode self = tree.get("selfService");
            if (self == null || !self.isBoolean()) {
                problems.add(new Problem("selfService", "is missing or not true/false; send {\"selfService\":true} to let users join and leave"));
            }
        }
        if (!problems.isEmpty()) {
            return HttpResponses.badRequest("topic settings not saved", problems);
        }
        TopicSettingsStore.TopicSettings saved = new TopicSettingsStore.TopicSettings(topic, tree.get("selfService").asBoolean());
        settings.put(saved);
        ObjectNode answer = Json.object();
        answer.put("topic", topic);
        answer.put("selfService", saved.selfService());
        return HttpResponses.json(200, answer);
    }
}
