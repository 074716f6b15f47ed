package dev.herald.common.topology;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How the HTTP API answers browsers on other origins: the CORS preflight configuration API
 * Gateway gets ({@code corsPreflight} of the HTTP API) and the one {@code herald up}'s HTTP API
 * answers with, built from the same {@link HttpApiSpec} so both allow the same methods and headers.
 * The allowed origins are deployment-specific (CDK context {@code herald:allowedOrigins} on AWS);
 * with none, no CORS is configured and browsers on other origins are refused.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html
 *
 * @param allowOrigins  {@code scheme://host[:port]} values, or {@code *}
 * @param allowMethods  the methods of the API's routes (and OPTIONS)
 * @param allowHeaders  request headers a browser may send (the bearer token and a JSON body)
 * @param maxAge        how long a browser may cache a preflight answer
 */
public record CorsPolicy(List<String> allowOrigins, List<String> allowMethods, List<String> allowHeaders, Duration maxAge) {
    /** Request headers Herald's routes read: the bearer token and the JSON body's type. */
    public static final List<String> ALLOW_HEADERS = List.of("authorization", "content-type");
    public static final Duration MAX_AGE = Duration.ofHours(1);

    public CorsPolicy {
        allowOrigins = List.copyOf(allowOrigins);
        allowMethods = List.copyOf(allowMethods);
        allowHeaders = List.copyOf(allowHeaders);
    }

    /** The policy for that API and those origins: every method its routes use, plus OPTIONS. */
    public static CorsPolicy of(HttpApiSpec api, List<String> origins) {
        Set<String> methods = new LinkedHashSet<>();
        api.routes().forEach(r -> methods.add(r.method()));
        methods.add("OPTIONS");
        return new CorsPolicy(origins, List.copyOf(methods), ALLOW_HEADERS, MAX_AGE);
    }

    /** Whether any origin is allowed at all (no origins: no CORS configured). */
    public boolean enabled() {
        return !allowOrigins.isEmpty();
    }

    /**
     * The {@code Access-Control-Allow-Origin} value for a request from that origin: {@code *} when every origin
     * is allowed, the origin itself when it is listed, else empty (the browser refuses the response).
     */
    public Optional<String> allowOrigin(String requestOrigin) {
        if (allowOrigins.contains("*")) {
            return Optional.of("*");
        }
        return requestOrigin != null && allowOrigins.contains(requestOrigin) ? Optional.of(requestOrigin) : Optional.empty();
    }
}
