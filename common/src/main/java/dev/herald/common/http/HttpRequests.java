package dev.herald.common.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** Reads the parts of an HTTP API (payload format 2.0) or WebSocket event that Herald's functions need. */
public final class HttpRequests {
    private HttpRequests() {
    }

    /** {@code "METHOD /path"}: the event's route key, or method and raw path (no trailing slash) under a {@code $default} route. */
    public static String route(APIGatewayV2HTTPEvent event) {
        String key = event.getRouteKey();
        if (key != null && !key.isBlank() && !key.equals("$default")) {
            return key;
        }
        var http = event.getRequestContext() == null ? null : event.getRequestContext().getHttp();
        String method = http == null ? "" : http.getMethod();
        String path = event.getRawPath() == null ? "" : event.getRawPath();
        return method + " " + (path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
    }

    /** A header, case-insensitively (API Gateway lower-cases names; tests and tools may not); null when absent. */
    public static String header(Map<String, String> headers, String name) {
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

    public static String header(APIGatewayV2HTTPEvent event, String name) {
        return header(event.getHeaders(), name);
    }

    /** The token of an {@code Authorization: Bearer <token>} header (scheme matched ignoring case); empty when there is none. */
    public static Optional<String> bearer(Map<String, String> headers) {
        String value = header(headers, "authorization");
        if (value == null || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = value.substring(7).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    /** A query parameter; null when absent or blank. */
    public static String query(APIGatewayV2HTTPEvent event, String name) {
        Map<String, String> q = event.getQueryStringParameters();
        String v = q == null ? null : q.get(name);
        return v == null || v.isBlank() ? null : v;
    }

    /** The body as text, base64-decoded when API Gateway encoded it; empty when there is none or it is not base64. */
    public static String body(APIGatewayV2HTTPEvent event) {
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
