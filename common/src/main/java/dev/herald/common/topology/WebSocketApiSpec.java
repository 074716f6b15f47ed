package dev.herald.common.topology;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The API Gateway WebSocket API.
 *
 * @param routes              route key ({@code $connect}, {@code $disconnect}, {@code $default}) to function name
 * @param managementFunctions functions allowed to call the {@code @connections} management API
 * @param idleTimeout         API Gateway closes a connection idle this long (10 minutes on AWS)
 * @param maxConnectionTime   and any connection after this (2 hours on AWS)
 * @param twoWayRoutes        route keys whose function's response body goes back to the client as a route
 *                            response, so the function needs no {@code @connections} access
 *                            (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-response.html)
 */
public record WebSocketApiSpec(String name, String stage, Map<String, String> routes, List<String> managementFunctions,
                               Duration idleTimeout, Duration maxConnectionTime, Set<String> twoWayRoutes) {
    public WebSocketApiSpec {
        routes = Map.copyOf(routes);
        managementFunctions = List.copyOf(managementFunctions);
        twoWayRoutes = Set.copyOf(twoWayRoutes);
        for (String key : twoWayRoutes) {
            if (!routes.containsKey(key) || key.equals("$connect") || key.equals("$disconnect")) {
                throw new IllegalArgumentException("two-way route '" + key + "' must be one of this API's message routes " + routes.keySet()
                        + " other than $connect and $disconnect");
            }
        }
    }

    /** An API whose routes are all one-way. */
    public WebSocketApiSpec(String name, String stage, Map<String, String> routes, List<String> managementFunctions,
                            Duration idleTimeout, Duration maxConnectionTime) {
        this(name, stage, routes, managementFunctions, idleTimeout, maxConnectionTime, Set.of());
    }
}
