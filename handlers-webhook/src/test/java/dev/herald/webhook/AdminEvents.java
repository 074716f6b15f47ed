package dev.herald.webhook;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.Map;

/** HTTP API (payload 2.0) events for the admin routes, as API Gateway hands them to the function. */
final class AdminEvents {
    private AdminEvents() {
    }

    static APIGatewayV2HTTPEvent of(String method, String path, String endpointId, String body) {
        String template = endpointId == null ? path : path.replace("/" + endpointId, "/{endpointId}");
        APIGatewayV2HTTPEvent e = new APIGatewayV2HTTPEvent();
        e.setRouteKey(method + " " + template);
        e.setRawPath(path);
        e.setPathParameters(endpointId == null ? null : Map.of("endpointId", endpointId));
        e.setBody(body);
        var http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(method);
        http.setPath(path);
        var ctx = new APIGatewayV2HTTPEvent.RequestContext();
        ctx.setHttp(http);
        e.setRequestContext(ctx);
        return e;
    }
}
