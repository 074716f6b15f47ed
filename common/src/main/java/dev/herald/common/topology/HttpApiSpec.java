package dev.herald.common.topology;

import java.util.List;
import java.util.Optional;

/** The API Gateway HTTP API (payload format 2.0). */
public record HttpApiSpec(String name, List<HttpRoute> routes) {
    public HttpApiSpec {
        routes = List.copyOf(routes);
    }

    /**
     * @param function    the Lambda function behind the route, or empty for a direct service integration
     * @param integration {@link Integration#LAMBDA} or {@link Integration#EVENTBRIDGE_PUT_EVENTS}
     * @param jwt         whether the route sits behind the JWT authorizer
     */
    public record HttpRoute(String method, String path, Integration integration, Optional<String> function, boolean jwt) {
    }

    public enum Integration { LAMBDA, EVENTBRIDGE_PUT_EVENTS }
}
