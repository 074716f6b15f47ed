package dev.herald.common.topology;

import java.time.Duration;
import java.util.Map;

/**
 * The API Gateway WebSocket API.
 *
 * @param routes              route key ({@code $connect}, {@code $disconnect}, {@code $default}) to function name
 * @param managementFunctions functions allowed to call the {@code @connections} management API
 * @param idleTimeout         API Gateway closes a connection idle this long (10 minutes on AWS)
 * @param maxConnectionTime   and any connection after this (2 hours on AWS)
 */
public record WebSocketApiSpec(String name, String stage, Map<String, String> routes, java.util.List<String> managementFunctions,
                               Duration idleTimeout, Duration maxConnectionTime) {
    public WebSocketApiSpec {
        routes = Map.copyOf(routes);
        managementFunctions = java.util.List.copyOf(managementFunctions);
    }
}
