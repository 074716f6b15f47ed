package dev.herald.push;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.herald.common.event.Problem;
import dev.herald.common.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** HTTP API (payload format 2.0) responses with JSON bodies: {@code {"message": "...", "problems": [...]}} for errors. */
final class ApiResponses {
    private ApiResponses() {
    }

    static APIGatewayV2HTTPResponse json(int status, Object body) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status)
                .withHeaders(Map.of("content-type", "application/json", "cache-control", "no-store"))
                .withBody(Json.write(body)).build();
    }

    static APIGatewayV2HTTPResponse message(int status, String message) {
        return json(status, Map.of("message", message));
    }

    static APIGatewayV2HTTPResponse badRequest(String message, List<Problem> problems) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        body.put("problems", problems);
        return json(400, body);
    }

    /** 401 with a {@code www-authenticate} challenge (RFC 6750). */
    static APIGatewayV2HTTPResponse unauthorized() {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(401)
                .withHeaders(Map.of("content-type", "application/json", "www-authenticate", "Bearer error=\"invalid_token\""))
                .withBody(Json.write(Map.of("message", "missing, expired or invalid bearer token; sign in again and send"
                        + " 'Authorization: Bearer <JWT>' issued for this API")))
                .build();
    }

    static APIGatewayV2HTTPResponse noContent() {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(204).build();
    }
}
