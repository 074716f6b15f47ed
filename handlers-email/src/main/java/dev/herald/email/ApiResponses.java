package dev.herald.email;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import java.util.Map;

/** The subscription API's answers: JSON {@code {"message": ...}} for errors and API calls, small HTML pages for links. */
final class ApiResponses {
    private static final Map<String, String> JSON = Map.of(
            "content-type", "application/json; charset=utf-8",
            "cache-control", "no-store");
    /** Link pages: the token is in the URL, so nothing may cache the page or carry the URL on as a referrer. */
    private static final Map<String, String> HTML = Map.of(
            "content-type", "text/html; charset=utf-8",
            "cache-control", "no-store",
            "referrer-policy", "no-referrer",
            "x-content-type-options", "nosniff",
            "content-security-policy", "default-src 'none'; style-src 'unsafe-inline'");

    private ApiResponses() {
    }

    /** {@code {"message": message}} with {@code status}. */
    static APIGatewayV2HTTPResponse message(int status, String message) {
        ObjectNode body = Json.object();
        body.put("message", message);
        return json(status, body);
    }

    /** 429 with {@code Retry-After}. */
    static APIGatewayV2HTTPResponse tooSoon(long retryAfterSeconds, String message) {
        APIGatewayV2HTTPResponse r = message(429, message);
        java.util.Map<String, String> headers = new java.util.HashMap<>(r.getHeaders());
        headers.put("retry-after", Long.toString(retryAfterSeconds));
        r.setHeaders(headers);
        return r;
    }

    /** {@code {"status": subscriptionStatus, "message": message}} with {@code status}. */
    static APIGatewayV2HTTPResponse subscription(int status, String subscriptionStatus, String message) {
        ObjectNode body = Json.object();
        body.put("status", subscriptionStatus);
        body.put("message", message);
        return json(status, body);
    }

    static APIGatewayV2HTTPResponse page(int status, String title, String text) {
        String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + Html.escape(title) + "</title>"
                + "<meta name=\"viewport\" content=\"width=device-width\"></head>"
                + "<body style=\"font-family:sans-serif;max-width:32em;margin:3em auto\"><h1>" + Html.escape(title) + "</h1><p>"
                + Html.escape(text) + "</p></body></html>";
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(HTML).withBody(html).build();
    }

    private static APIGatewayV2HTTPResponse json(int status, ObjectNode body) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(JSON).withBody(Json.write(body)).build();
    }
}
