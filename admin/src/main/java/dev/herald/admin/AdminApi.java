package dev.herald.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.herald.common.http.HttpRequests;
import dev.herald.common.http.HttpResponses;
import dev.herald.common.http.Scopes;
import dev.herald.common.store.DynamoDbRouteStore;
import dev.herald.common.store.DynamoDbTemplateStore;
import dev.herald.common.topology.HeraldTopology;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Dispatches an admin request by its route key to the part that owns the path. */
final class AdminApi {
    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);

    private final RouteAdmin routes;
    private final TemplateAdmin templates;
    private final ProfileAdmin profiles;

    AdminApi(AdminConfig config, DynamoDbClient dynamo, Clock clock) {
        var templateStore = new DynamoDbTemplateStore(dynamo, config.templatesTable());
        this.routes = new RouteAdmin(new DynamoDbRouteStore(dynamo, config.routesTable(), clock), templateStore);
        this.templates = new TemplateAdmin(dynamo, config.templatesTable(), templateStore, config.profilesTable());
        this.profiles = new ProfileAdmin(dynamo, config.profilesTable());
    }

    APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        if (!Scopes.of(claims(event)).contains(HeraldTopology.SCOPE_ADMIN)) {
            // the authorizer refuses these already; checked again so the function is safe behind any route
            return HttpResponses.forbidden("this path needs a token with the scope " + HeraldTopology.SCOPE_ADMIN
                    + "; ask the identity provider for an operator's token");
        }
        String route = HttpRequests.route(event);
        Map<String, String> path = event.getPathParameters() == null ? Map.of() : event.getPathParameters();
        String body = HttpRequests.body(event);
        try {
            return switch (route) {
                case "GET /v1/admin/routes" -> routes.list();
                case "POST /v1/admin/routes/test" -> routes.test(body);
                case "GET /v1/admin/routes/{routeId}" -> routes.get(path.get("routeId"));
                case "PUT /v1/admin/routes/{routeId}" -> routes.put(path.get("routeId"), body);
                case "DELETE /v1/admin/routes/{routeId}" -> routes.delete(path.get("routeId"));
                case "GET /v1/admin/templates" -> templates.list();
                case "GET /v1/admin/templates/{templateId}/{locale}" -> templates.get(path.get("templateId"), path.get("locale"));
                case "PUT /v1/admin/templates/{templateId}/{locale}" -> templates.put(path.get("templateId"), path.get("locale"), body);
                case "POST /v1/admin/templates/{templateId}/preview" -> templates.preview(path.get("templateId"), body);
                case "GET /v1/admin/profiles/{userId}" -> profiles.get(path.get("userId"));
                case "PUT /v1/admin/profiles/{userId}" -> profiles.put(path.get("userId"), body);
                default -> HttpResponses.notFound("no admin route " + route + "; see docs/ADMIN.md for the paths");
            };
        } catch (SdkException e) {
            LOG.warn("admin request failed route={} error={}", route, e.toString());
            return HttpResponses.unavailable("the tables could not be read or written (" + e.getClass().getSimpleName() + "); try again");
        }
    }

    private static Map<String, ?> claims(APIGatewayV2HTTPEvent event) {
        var rc = event.getRequestContext();
        if (rc == null || rc.getAuthorizer() == null || rc.getAuthorizer().getJwt() == null
                || rc.getAuthorizer().getJwt().getClaims() == null) {
            return Map.of();
        }
        return rc.getAuthorizer().getJwt().getClaims();
    }
}
