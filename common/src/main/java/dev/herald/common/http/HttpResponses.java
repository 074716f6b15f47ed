package dev.herald.common.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.herald.common.event.Problem;
import dev.herald.common.json.Json;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Responses of Herald's HTTP API functions (API Gateway HTTP API, payload format 2.0): JSON bodies with
 * one content type, never cached ({@code cache-control: no-store}: every answer is personal). Errors are
 * {@code {"message": "..."}}, with {@code "problems": [...]} per field for a 400.
 */
public final class HttpResponses {
    private static final Logger LOG = LoggerFactory.getLogger(HttpResponses.class);
    /** The one content type of every JSON answer. */
    public static final String JSON = "application/json";
    private static final Map<String, String> HEADERS = Map.of("content-type", JSON, "cache-control", "no-store");

    private HttpResponses() {
    }

    /** {@code body} (a Jackson node, a map or a record) as JSON with {@code status}. */
    public static APIGatewayV2HTTPResponse json(int status, Object body) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(HEADERS)
                .withBody(Json.write(body)).withIsBase64Encoded(false).build();
    }

    /** {@code {"message": message}} with {@code status}. */
    public static APIGatewayV2HTTPResponse message(int status, String message) {
        return json(status, Map.of("message", message));
    }

    /** 400 {@code {"message", "problems"}}. */
    public static APIGatewayV2HTTPResponse badRequest(String message, List<Problem> problems) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        body.put("problems", problems);
        return json(400, body);
    }

    /** 401 with a {@code www-authenticate} challenge (RFC 6750) and what to send instead. */
    public static APIGatewayV2HTTPResponse unauthorized() {
        return withHeader(message(401, "missing, expired or invalid bearer token; sign in again and send"
                + " 'Authorization: Bearer <JWT>' issued for this API"), "www-authenticate", "Bearer error=\"invalid_token\"");
    }

    public static APIGatewayV2HTTPResponse forbidden(String message) {
        return message(403, message);
    }

    public static APIGatewayV2HTTPResponse notFound(String message) {
        return message(404, message);
    }

    /** 503: the caller may try again; {@code message} says what is missing (never a secret's value). */
    public static APIGatewayV2HTTPResponse unavailable(String message) {
        return message(503, message);
    }

    /**
     * Answers {@code call}'s response, or 503 "the {@code store} is unavailable; try again shortly" when an AWS SDK call
     * inside it fails (a store unreachable or throttled beyond the SDK's retries): the client may retry; the fault is
     * logged. Any other exception propagates (the invocation fails; API Gateway answers 500).
     */
    public static APIGatewayV2HTTPResponse unlessUnavailable(String store, Supplier<APIGatewayV2HTTPResponse> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            LOG.error("{} call failed error={}", store, e.toString());
            return unavailable("the " + store + " is unavailable; try again shortly");
        }
    }

    public static APIGatewayV2HTTPResponse noContent() {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(204).build();
    }

    /** The response with one more header (e.g. {@code retry-after} on a 429). */
    public static APIGatewayV2HTTPResponse withHeader(APIGatewayV2HTTPResponse response, String name, String value) {
        Map<String, String> headers = new HashMap<>(response.getHeaders() == null ? Map.of() : response.getHeaders());
        headers.put(name, value);
        response.setHeaders(Map.copyOf(headers));
        return response;
    }
}
