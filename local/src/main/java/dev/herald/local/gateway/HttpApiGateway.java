package dev.herald.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.http.Scopes;
import dev.herald.common.ingest.EventIngestion;
import dev.herald.common.json.Json;
import dev.herald.common.topology.CorsPolicy;
import dev.herald.common.topology.HttpApiSpec;
import dev.herald.common.topology.HttpApiSpec.HttpRoute;
import dev.herald.local.EdgeComponent;
import dev.herald.local.EventPublisher;
import dev.herald.local.FunctionInvoker;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Herald's HTTP API (the Topology's {@link HttpApiSpec}) on the edge port, as API Gateway serves it:
 * <ul>
 *   <li>a LAMBDA route builds a payload-format-2.0 event, invokes the function and writes its
 *       {@code statusCode}, {@code headers}, {@code cookies} and {@code body} (base64-decoded when
 *       {@code isBase64Encoded}); an answer without {@code statusCode} is sent as a 200 JSON body; a
 *       {@link FunctionInvoker.FunctionError} becomes 500 {@code {"message":"Internal Server Error"}};</li>
 *   <li>a JWT route first checks {@code Authorization: Bearer <jwt>} with the {@link JwtAuthorizer}:
 *       a missing, forged, expired or unsigned token answers 401 {@code {"message":"Unauthorized"}};
 *       the claims go into {@code requestContext.authorizer.jwt.claims} as strings; a route with
 *       authorization scopes answers 403 to a valid token that carries none of them, naming the scopes
 *       ({@code www-authenticate: Bearer error="insufficient_scope"}, RFC 6750), as API Gateway does;</li>
 *   <li>an EVENTBRIDGE_PUT_EVENTS route validates and publishes with {@link EventIngestion}, the code
 *       the standard Topology's ingestion function runs behind {@code POST /v1/events}: 400 with every
 *       problem, 403 for {@code priority: critical} from a token without {@code herald/publish-critical},
 *       else 200 with PutEvents' {@code Entries};</li>
 *   <li>with a {@link CorsPolicy} that allows origins, {@code OPTIONS} on every route path answers a
 *       preflight as API Gateway's {@code corsPreflight} does (204 with the allowed origin, methods,
 *       headers and max age; no CORS headers for an origin not allowed), and every answer to an allowed
 *       origin carries {@code Access-Control-Allow-Origin}.</li>
 * </ul>
 */
public final class HttpApiGateway implements EdgeComponent {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApiGateway.class);

    private final HttpApiSpec spec;
    private final FunctionInvoker invoker;
    private final JwtAuthorizer authorizer;
    private final EventIngestion ingestion;
    private final HttpEvents events;
    private final CorsPolicy cors;

    /**
     * @param spec       the Topology's HTTP API
     * @param invoker    runs the LAMBDA routes' functions
     * @param publisher  the local bus, for the PutEvents route
     * @param busName    the bus the PutEvents route publishes to (the Topology's bus)
     * @param authorizer checks bearer tokens on JWT routes
     */
    public HttpApiGateway(HttpApiSpec spec, FunctionInvoker invoker, EventPublisher publisher, String busName, JwtAuthorizer authorizer) {
        this(spec, invoker, publisher, busName, authorizer, CorsPolicy.of(spec, List.of()));
    }

    /** @param cors how preflights are answered (no allowed origins: no CORS, as without {@code corsPreflight}) */
    public HttpApiGateway(HttpApiSpec spec, FunctionInvoker invoker, EventPublisher publisher, String busName, JwtAuthorizer authorizer,
            CorsPolicy cors) {
        this.spec = spec;
        this.invoker = invoker;
        this.authorizer = authorizer;
        this.ingestion = new EventIngestion(entries -> publisher.putEvents(entries.stream()
                .map(e -> new EventPublisher.Entry(e.source(), e.detailType(), e.detail(), e.resources(), e.eventBusName())).toList())
                .stream().map(r -> PutEventsResultEntry.builder().eventId(r.eventId()).errorCode(r.errorCode()).errorMessage(r.errorMessage()).build())
                .toList(), busName);
        this.events = new HttpEvents(WebSocketGateway.apiId(spec.name()));
        this.cors = cors;
    }

    @Override
    public void install(JavalinConfig config) {
        if (cors.enabled()) {
            Set<String> paths = new LinkedHashSet<>();
            spec.routes().forEach(r -> paths.add(r.path()));
            paths.forEach(path -> config.routes.options(path, this::preflight));
        }
        for (HttpRoute route : spec.routes()) {
            Handler handler = ctx -> handle(route, ctx);
            switch (route.method()) {
                case "GET" -> config.routes.get(route.path(), handler);
                case "POST" -> config.routes.post(route.path(), handler);
                case "PUT" -> config.routes.put(route.path(), handler);
                case "DELETE" -> config.routes.delete(route.path(), handler);
                case "PATCH" -> config.routes.patch(route.path(), handler);
                default -> throw new IllegalArgumentException("HTTP route " + route.path() + " has method " + route.method()
                        + ", which the local HTTP API does not serve; use GET, POST, PUT, PATCH or DELETE");
            }
        }
    }

    /** API Gateway answers a preflight itself, before any authorizer or integration. */
    private void preflight(Context ctx) {
        cors.allowOrigin(ctx.header("Origin")).ifPresent(origin -> {
            ctx.header("Access-Control-Allow-Origin", origin);
            ctx.header("Access-Control-Allow-Methods", String.join(",", cors.allowMethods()));
            ctx.header("Access-Control-Allow-Headers", String.join(",", cors.allowHeaders()));
            ctx.header("Access-Control-Max-Age", Long.toString(cors.maxAge().toSeconds()));
        });
        ctx.status(204);
    }

    private void handle(HttpRoute route, Context ctx) {
        if (cors.enabled()) {
            cors.allowOrigin(ctx.header("Origin")).ifPresent(origin -> ctx.header("Access-Control-Allow-Origin", origin));
        }
        Map<String, Object> claims = null;
        if (route.jwt()) {
            Optional<Map<String, Object>> verified = bearer(ctx).flatMap(this::verifyQuietly);
            if (verified.isEmpty()) {
                ctx.status(401).header("www-authenticate", "Bearer").contentType("application/json").result("{\"message\":\"Unauthorized\"}");
                return;
            }
            claims = verified.get();
            if (!route.scopes().isEmpty() && route.scopes().stream().noneMatch(Scopes.of(claims)::contains)) {
                insufficientScope(ctx, route);
                return;
            }
        }
        switch (route.integration()) {
            case EVENTBRIDGE_PUT_EVENTS -> {
                EventIngestion.Answer answer = ingestion.ingest(ctx.body(), claims == null ? java.util.Set.of() : Scopes.of(claims));
                ctx.status(answer.status()).contentType("application/json").result(answer.body());
            }
            case LAMBDA -> invokeLambda(route, ctx, claims);
        }
    }

    private static void insufficientScope(Context ctx, HttpRoute route) {
        String needed = String.join(" ", route.scopes());
        ObjectNode body = Json.object();
        body.put("message", "Forbidden: " + route.method() + " " + route.path() + " needs a token with the scope " + String.join(" or ", route.scopes())
                + " (a producer's token from your identity provider, e.g. the client-credentials grant); this token has none of them");
        ctx.status(403).header("www-authenticate", "Bearer error=\"insufficient_scope\", scope=\"" + needed + "\"")
                .contentType("application/json").result(Json.write(body));
    }

    private void invokeLambda(HttpRoute route, Context ctx, Map<String, Object> claims) {
        String function = route.function().orElseThrow();
        String answer;
        try {
            answer = invoker.invoke(function, events.event(ctx, route.method() + " " + route.path(), claims));
        } catch (RuntimeException e) {
            LOG.warn("http api function failed route={} function={} error={}", route.path(), function, e.getMessage());
            ctx.status(500).contentType("application/json").result("{\"message\":\"Internal Server Error\"}");
            return;
        }
        JsonNode response;
        try {
            response = answer == null || answer.isBlank() ? null : Json.tree(answer);
        } catch (Json.JsonException e) {
            ctx.status(200).contentType("application/json").result(answer);
            return;
        }
        if (response == null || !response.isObject() || !response.has("statusCode")) {
            ctx.status(200).contentType("application/json").result(answer == null ? "" : answer);
            return;
        }
        ctx.status(response.get("statusCode").asInt(500));
        response.path("headers").properties().forEach(e -> ctx.header(e.getKey(), e.getValue().asText()));
        response.path("cookies").forEach(c -> ctx.res().addHeader("Set-Cookie", c.asText()));
        JsonNode body = response.get("body");
        if (body != null && !body.isNull()) {
            if (response.path("isBase64Encoded").asBoolean(false)) {
                ctx.result(Base64.getDecoder().decode(body.asText()));
            } else {
                ctx.result(body.isTextual() ? body.asText() : Json.write(body));
            }
        }
    }

    private Optional<Map<String, Object>> verifyQuietly(String token) {
        try {
            return authorizer.verify(token);
        } catch (RuntimeException e) {
            LOG.info("http api token refused error={}", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private static Optional<String> bearer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
