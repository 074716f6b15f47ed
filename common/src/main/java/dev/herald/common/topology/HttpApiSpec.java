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
     * @param scopes      the route's authorization scopes: a token must carry at least one of them in its
     *                    {@code scope} (or {@code scp}) claim, else 403 - API Gateway's JWT authorizer rule,
     *                    which {@code herald up} applies too. Empty: any valid token. Only on JWT routes.
     *                    https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
     */
    public record HttpRoute(String method, String path, Integration integration, Optional<String> function, boolean jwt,
                            List<String> scopes) {
        public HttpRoute {
            scopes = List.copyOf(scopes);
            if (!jwt && !scopes.isEmpty()) {
                throw new IllegalArgumentException("HTTP route " + method + " " + path + " has authorization scopes " + scopes
                        + " but no JWT authorizer; scopes are read from the JWT, so set jwt or drop the scopes");
            }
        }

        /** A route without authorization scopes. */
        public HttpRoute(String method, String path, Integration integration, Optional<String> function, boolean jwt) {
            this(method, path, integration, function, jwt, List.of());
        }
    }

    public enum Integration { LAMBDA, EVENTBRIDGE_PUT_EVENTS }
}
