package dev.herald.websocket;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.event.Problem;
import dev.herald.common.http.HttpRequests;
import dev.herald.common.http.HttpResponses;
import dev.herald.common.http.JwtAuth;
import dev.herald.common.json.Json;
import dev.herald.common.store.PreferenceStore;
import dev.herald.common.store.Preferences;
import dev.herald.common.store.TopicSettingsStore;
import dev.herald.common.store.TopicStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The end user's own routes (payload format 2.0); the user is the token's subject, never a path or body field, so
 * no request reads or changes another user's settings:
 * <ul>
 *   <li>{@code GET|PUT /v1/me/preferences} - opt-outs, quiet hours and time zone ({@link PreferenceRequests});
 *       a PUT with problems answers 400 with every problem and stores nothing;</li>
 *   <li>{@code GET /v1/me/topics} - {@code {"topics":[{"topic":"...","selfService":true}]}}, the topics the user is a member of;</li>
 *   <li>{@code PUT|DELETE /v1/me/topics/{topic}} - join or leave a self-service topic (204); any other topic is 403 with
 *       the reason (an operator manages its members).</li>
 * </ul>
 * 401 without a valid token, 503 while tokens cannot be checked ({@link JwtAuth}).
 */
final class UserApi {
    private final JwtAuth auth;
    private final PreferenceStore preferences;
    private final TopicStore topics;
    private final TopicSettingsStore settings;

    UserApi(JwtAuth auth, PreferenceStore preferences, TopicStore topics, TopicSettingsStore settings) {
        this.auth = auth;
        this.preferences = preferences;
        this.topics = topics;
        this.settings = settings;
    }

    APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        return auth.asUser(event, userId -> handle(event, userId));
    }

    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, String userId) {
        String route = HttpRequests.route(event);
        return switch (route) {
            case "GET /v1/me/preferences" -> HttpResponses.json(200, PreferenceRequests.json(preferences.find(userId).orElse(Preferences.none(userId))));
            case "PUT /v1/me/preferences" -> putPreferences(userId, HttpRequests.body(event));
            case "GET /v1/me/topics" -> HttpResponses.json(200, memberships(userId));
            case "PUT /v1/me/topics/{topic}" -> membership(userId, PathIds.param(event, "topic"), true);
            case "DELETE /v1/me/topics/{topic}" -> membership(userId, PathIds.param(event, "topic"), false);
            default -> HttpResponses.notFound("no route " + route + "; use GET|PUT /v1/me/preferences, GET /v1/me/topics or PUT|DELETE /v1/me/topics/{topic}");
        };
    }

    private APIGatewayV2HTTPResponse putPreferences(String userId, String body) {
        return switch (PreferenceRequests.parse(userId, body)) {
            case PreferenceRequests.Valid valid -> {
                preferences.put(valid.preferences());
                yield HttpResponses.json(200, PreferenceRequests.json(valid.preferences()));
            }
            case PreferenceRequests.Invalid invalid -> HttpResponses.badRequest("preferences not saved: " + invalid.problems().size()
                    + " problem(s); fix them and send the whole preferences again", invalid.problems());
        };
    }

    private ObjectNode memberships(String userId) {
        List<String> mine = topics.topicsOf(userId);
        Map<String, TopicSettingsStore.TopicSettings> all = settings.findAll(mine);
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("topics");
        for (String t : mine) {
            list.addObject().put("topic", t).put("selfService", all.get(t).selfService());
        }
        return body;
    }

    private APIGatewayV2HTTPResponse membership(String userId, String topic, boolean join) {
        Optional<Problem> problem = PathIds.check("topic", topic);
        if (problem.isPresent()) {
            return HttpResponses.badRequest("topic name not usable", List.of(problem.get()));
        }
        if (!settings.find(topic).selfService()) {
            return HttpResponses.forbidden("topic '" + topic + "' is not self-service: users cannot " + (join ? "join" : "leave")
                    + " it themselves; an operator manages its members (PUT|DELETE /v1/admin/topics/{topic}/members/{userId}) "
                    + "or marks it self-service (PUT /v1/admin/topics/{topic} with {\"selfService\":true})");
        }
        if (join) {
            topics.subscribe(topic, userId);
        } else {
            topics.unsubscribe(topic, userId);
        }
        return HttpResponses.noContent();
    }
}
