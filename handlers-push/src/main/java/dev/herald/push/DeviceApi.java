package dev.herald.push;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.auth.JwtVerifier;
import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.event.Problem;
import dev.herald.common.http.HttpResponses;
import dev.herald.common.http.JwtAuth;
import dev.herald.common.json.Json;
import dev.herald.common.store.DeviceTokenStore;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device API. Every request must carry a bearer JWT this function verifies itself (API Gateway's
 * authorizer checked it too; this is defence in depth): its {@code sub} is the user, and a user only
 * ever touches their own rows - the store is addressed by {@code sub}, never by a user id from the request.
 * <ul>
 *   <li>{@code PUT /v1/devices} {@code {"platform","token","app"}}: 201 registered, 200 refreshed, 400 with
 *       the problems per field, 403 if the body names another {@code userId}. A token belongs to the device: if
 *       another user held it, it moves to the caller (the earlier holder's pushes no longer reach it);</li>
 *   <li>{@code DELETE /v1/devices/{token}}: 204 removed; 404 if the caller does not hold it - the same answer
 *       whether nobody or another user does, so the API never tells who holds a token.</li>
 * </ul>
 */
final class DeviceApi {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceApi.class);
    static final String PATH = "/v1/devices";

    private final JwtAuth auth;
    private final DeviceTokenStore store;

    DeviceApi(JwtAuth auth, DeviceTokenStore store) {
        this.auth = auth;
        this.store = store;
    }

    /** A fixed verifier (tests). */
    DeviceApi(JwtVerifier verifier, DeviceTokenStore store) {
        this(JwtAuth.of(verifier), store);
    }

    APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        return auth.asUser(event, userId -> handle(event, userId));
    }

    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, String userId) {
        if (userId.contains(DeliveryIds.SEPARATOR)) {
            // '#' joins ledger keys and marks the device table's owner rows; events for such a user are refused too
            return HttpResponses.message(403, "the token's subject contains '" + DeliveryIds.SEPARATOR + "', which Herald does not allow in"
                    + " user ids; issue tokens whose sub has no '" + DeliveryIds.SEPARATOR + "'");
        }
        String method = method(event);
        String path = event.getRawPath() == null ? "" : event.getRawPath();
        if ("PUT".equals(method) && (path.equals(PATH) || path.equals(PATH + "/"))) {
            return put(userId, event);
        }
        if ("DELETE".equals(method) && path.startsWith(PATH + "/")) {
            return delete(userId, event, path.substring(PATH.length() + 1));
        }
        return HttpResponses.message(404, "no route " + method + " " + path + "; use PUT " + PATH + " or DELETE " + PATH + "/{token}");
    }

    private APIGatewayV2HTTPResponse put(String userId, APIGatewayV2HTTPEvent event) {
        String text = body(event);
        if (text == null || text.isBlank()) {
            return HttpResponses.badRequest("the request has no body", List.of(new Problem("body",
                    "send {\"platform\": \"ios\"|\"android\", \"token\": \"...\", \"app\": \"<bundle id>\"} as application/json")));
        }
        JsonNode body;
        try {
            body = Json.tree(text);
        } catch (Json.JsonException e) {
            return HttpResponses.badRequest("the body is not JSON", List.of(new Problem("body", e.getMessage() + "; send a JSON object")));
        }
        if (!body.isObject()) {
            return HttpResponses.badRequest("the body is not a JSON object", List.of(new Problem("body",
                    "send {\"platform\": ..., \"token\": ..., \"app\": ...}")));
        }
        JsonNode named = body.get("userId");
        if (named != null && !named.isNull() && !userId.equals(named.asText())) {
            LOG.warn("device registration for another user refused userId={}", userId);
            return HttpResponses.message(403, "you can only register devices for yourself: the body names another userId;"
                    + " leave userId out (the user is the token's subject)");
        }
        DeviceRequests.Validated validated = DeviceRequests.validate(body);
        if (validated.registration() == null) {
            return HttpResponses.badRequest("the device registration is invalid", validated.problems());
        }
        DeviceRequests.DeviceRegistration r = validated.registration();
        DeviceTokenStore.Registered registered = store.register(userId, r.token(), r.platform(), r.app());
        LOG.info("device {} userId={} platform={}", registered.created() ? "registered" : "refreshed", userId, r.platform().wireName());
        return HttpResponses.json(registered.created() ? 201 : 200, view(registered.device()));
    }

    private APIGatewayV2HTTPResponse delete(String userId, APIGatewayV2HTTPEvent event, String rawToken) {
        Map<String, String> params = event.getPathParameters();
        String token = params != null && params.get("token") != null ? params.get("token") : rawToken;
        if (token.indexOf('%') >= 0) {
            // percent-decoding only: '+' is a literal in a path (FCM tokens never contain one anyway)
            token = URLDecoder.decode(token.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
        if (token.isBlank()) {
            return HttpResponses.badRequest("no token in the path", List.of(new Problem("token",
                    "put the device token in the path: DELETE " + PATH + "/{token}")));
        }
        if (!store.delete(userId, token)) {
            // the same answer whether nobody or another user holds the token: who holds a token stays secret
            return HttpResponses.message(404, "you have no device with this token; nothing was deleted (DELETE " + PATH
                    + "/{token} removes only a token you registered)");
        }
        LOG.info("device deleted userId={}", userId);
        return HttpResponses.noContent();
    }

    private static ObjectNode view(DeviceTokenStore.DeviceToken d) {
        ObjectNode n = Json.object();
        n.put("userId", d.userId());
        n.put("platform", d.platform().wireName());
        n.put("token", d.token());
        if (d.app() != null) {
            n.put("app", d.app());
        }
        n.put("lastSeen", d.lastSeen().toString());
        n.put("expiresAt", d.expiresAt().toString());
        return n;
    }

    private static String body(APIGatewayV2HTTPEvent event) {
        if (event.getBody() == null || !event.getIsBase64Encoded()) {
            return event.getBody();
        }
        try {
            return new String(Base64.getDecoder().decode(event.getBody()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String method(APIGatewayV2HTTPEvent event) {
        if (event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                && event.getRequestContext().getHttp().getMethod() != null) {
            return event.getRequestContext().getHttp().getMethod();
        }
        String routeKey = event.getRouteKey();
        return routeKey == null ? "" : routeKey.split(" ", 2)[0];
    }
}
