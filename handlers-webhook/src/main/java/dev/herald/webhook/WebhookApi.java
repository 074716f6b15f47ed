package dev.herald.webhook;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.http.HttpRequests;
import dev.herald.common.http.HttpResponses;
import dev.herald.common.json.Json;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The admin API for webhook endpoints (the HTTP API's authorizer has checked the admin scope):
 * <ul>
 *   <li>{@code PUT /v1/admin/webhooks/{endpointId}} {@code {"url", "scope", "secret"?}}: registers or replaces an
 *       endpoint; 201 (new) or 200. The url is checked by the {@link AddressPolicy} now (400 with the reason when it
 *       resolves to a private, loopback, link-local or metadata address). Without a secret a new endpoint gets a
 *       generated one, returned in this answer only; a replaced endpoint keeps its secret.</li>
 *   <li>{@code GET /v1/admin/webhooks}, {@code GET /v1/admin/webhooks/{endpointId}}: the endpoints without their secrets.</li>
 *   <li>{@code DELETE /v1/admin/webhooks/{endpointId}}: 204, or 404.</li>
 *   <li>{@code POST /v1/admin/webhooks/{endpointId}/enable}: re-enables a disabled endpoint and forgets its failures; 200, or 404.</li>
 * </ul>
 */
final class WebhookApi {
    static final String PATH = "/v1/admin/webhooks";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final WebhookStore store;
    private final AddressPolicy policy;
    private final Clock clock;

    WebhookApi(WebhookStore store, AddressPolicy policy, Clock clock) {
        this.store = store;
        this.policy = policy;
        this.clock = clock;
    }

    APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        String route = HttpRequests.route(event);
        String method = route.split(" ", 2)[0];
        String id = event.getPathParameters() == null ? null : event.getPathParameters().get("endpointId");
        if (route.equals("GET " + PATH)) {
            return HttpResponses.json(200, Map.of("endpoints", store.all().stream().map(WebhookApi::view).toList()));
        }
        if (id == null) {
            return HttpResponses.notFound("no route " + route + "; use GET " + PATH + ", GET|PUT|DELETE " + PATH + "/{endpointId} or POST "
                    + PATH + "/{endpointId}/enable");
        }
        if (!ID.matcher(id).matches()) {
            return HttpResponses.message(400, "endpointId '" + id + "' must be 1 to 64 letters, digits, '-' or '_'");
        }
        if (route.endsWith("/enable")) {
            return store.enable(id) ? HttpResponses.json(200, view(store.get(id).orElseThrow())) : missing(id);
        }
        return switch (method) {
            case "GET" -> store.get(id).map(e -> HttpResponses.json(200, view(e))).orElseGet(() -> missing(id));
            case "DELETE" -> store.delete(id) ? HttpResponses.noContent() : missing(id);
            case "PUT" -> put(id, HttpRequests.body(event));
            default -> HttpResponses.message(405, "method " + method + " is not allowed on " + PATH + "/{endpointId}; use GET, PUT or DELETE");
        };
    }

    private APIGatewayV2HTTPResponse put(String id, String body) {
        JsonNode json;
        try {
            json = Json.tree(body);
        } catch (Json.JsonException e) {
            return HttpResponses.message(400, "the body must be a JSON object {\"url\", \"scope\", \"secret\"?}: " + e.getMessage());
        }
        if (json == null || !json.isObject()) {
            return HttpResponses.message(400, "the body must be a JSON object {\"url\", \"scope\", \"secret\"?}");
        }
        URI url;
        try {
            url = new URI(json.path("url").asText(""));
        } catch (URISyntaxException e) {
            return HttpResponses.message(400, "url is not a URI (" + e.getMessage() + "); send e.g. https://hooks.example.com/herald");
        }
        var scope = WebhookScope.parse(json.path("scope").asText(null));
        if (scope.isEmpty()) {
            return HttpResponses.message(400, "scope must be " + WebhookScope.FORMAT);
        }
        switch (policy.check(url)) {
            case AddressPolicy.Refused r -> {
                return HttpResponses.message(400, "url refused: " + r.reason());
            }
            case AddressPolicy.Unresolved u -> {
                return HttpResponses.message(400, "url refused: " + u.reason() + "; register a host name that resolves");
            }
            case AddressPolicy.Checked c -> {
                // public (or loopback under herald up): accepted
            }
        }
        var existing = store.get(id);
        String secret = json.hasNonNull("secret") ? json.get("secret").asText() : existing.map(WebhookEndpoint::secret).orElse(null);
        boolean generated = secret == null;
        if (generated) {
            secret = WebhookSecret.generate();
        } else {
            var problem = WebhookSecret.problem(secret);
            if (problem.isPresent()) {
                return HttpResponses.message(400, problem.get());
            }
        }
        WebhookEndpoint endpoint = new WebhookEndpoint(id, url, scope.get(), secret, true, null, null,
                existing.map(WebhookEndpoint::createdAt).orElse(clock.instant()));
        store.put(endpoint);
        Map<String, Object> answer = view(endpoint);
        if (generated) {
            // the only time the generated secret leaves Herald: the receiver needs it to verify signatures
            answer.put("secret", secret);
        }
        return HttpResponses.json(existing.isPresent() ? 200 : 201, answer);
    }

    private static APIGatewayV2HTTPResponse missing(String id) {
        return HttpResponses.notFound("no webhook endpoint '" + id + "'; register it with PUT " + PATH + "/" + id);
    }

    private static Map<String, Object> view(WebhookEndpoint e) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("endpointId", e.endpointId());
        v.put("url", e.url().toString());
        v.put("scope", e.scope().wire());
        v.put("enabled", e.enabled());
        v.put("createdAt", e.createdAt().toString());
        if (e.failingSince() != null) {
            v.put("failingSince", e.failingSince().toString());
        }
        if (e.disabledReason() != null) {
            v.put("disabledReason", e.disabledReason());
        }
        return v;
    }
}
