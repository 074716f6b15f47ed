package dev.herald.email;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** Reads the parts of an HTTP API payload 2.0 event the subscription API needs. */
final class HttpRequests {
    private HttpRequests() {
    }

    /** {@code "METHOD /path"}: the event's route key, or method and raw path under a {@code $default} route. */
    static String route(APIGatewayV2HTTPEvent event) {
        String key = event.getRouteKey();
        if (key != null && !key.isBlank() && !key.equals("$default")) {
            return key;
        }
        var http = event.getRequestContext() == null ? null : event.getRequestContext().getHttp();
        String method = http == null ? "" : http.getMethod();
        String path = event.getRawPath() == null ? "" : event.getRawPath();
        return method + " " + (path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
    }

    /** A header, case-insensitively (API Gateway lower-cases names; tests and tools may not). */
    static String header(APIGatewayV2HTTPEvent event, String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return null;
        }
        for (var e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    static String query(APIGatewayV2HTTPEvent event, String name) {
        Map<String, String> q = event.getQueryStringParameters();
        String v = q == null ? null : q.get(name);
        return v == null || v.isBlank() ? null : v;
    }

    /** The body as text, base64-decoded when API Gateway encoded it; empty when there is none. */
    static String body(APIGatewayV2HTTPEvent event) {
        String body = event.getBody();
        if (body == null) {
            return "";
        }
        if (event.getIsBase64Encoded()) {
            try {
                return new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return "";
            }
        }
        return body;
    }
}
