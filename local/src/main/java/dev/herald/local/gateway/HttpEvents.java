package dev.herald.local.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds API Gateway HTTP API Lambda events, payload format 2.0 (the {@code apigw-http-v2-*.json}
 * fixture's shape): lower-cased headers, repeated headers and query parameters joined with commas,
 * JWT claims as strings, binary bodies base64-encoded.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
final class HttpEvents {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final String apiId;

    HttpEvents(String apiId) {
        this.apiId = apiId;
    }

    String event(Context ctx, String routeKey, Map<String, Object> claims) {
        long now = System.currentTimeMillis();
        ObjectNode event = Json.object();
        event.put("version", "2.0");
        event.put("routeKey", routeKey);
        event.put("rawPath", ctx.path());
        event.put("rawQueryString", ctx.queryString() == null ? "" : ctx.queryString());
        Map<String, String> headers = new TreeMap<>();
        List<String> cookies = new java.util.ArrayList<>();
        for (String name : java.util.Collections.list(ctx.req().getHeaderNames())) {
            List<String> values = java.util.Collections.list(ctx.req().getHeaders(name));
            if (name.equalsIgnoreCase("cookie")) {
                values.forEach(v -> List.of(v.split(";\\s*")).forEach(cookies::add));
            } else {
                headers.merge(name.toLowerCase(Locale.ROOT), String.join(",", values), (a, b) -> a + "," + b);
            }
        }
        if (!cookies.isEmpty()) {
            var array = event.putArray("cookies");
            cookies.forEach(array::add);
        }
        ObjectNode h = event.putObject("headers");
        headers.forEach(h::put);
        if (!ctx.queryParamMap().isEmpty()) {
            ObjectNode q = event.putObject("queryStringParameters");
            ctx.queryParamMap().forEach((k, v) -> q.put(k, String.join(",", v)));
        }
        if (!ctx.pathParamMap().isEmpty()) {
            ObjectNode p = event.putObject("pathParameters");
            ctx.pathParamMap().forEach(p::put);
        }
        ObjectNode rc = event.putObject("requestContext");
        rc.put("accountId", "000000000000");
        rc.put("apiId", apiId);
        if (claims != null) {
            ObjectNode jwt = rc.putObject("authorizer").putObject("jwt");
            ObjectNode c = jwt.putObject("claims");
            new TreeMap<>(claims).forEach((k, v) -> c.put(k, claimText(v)));
            jwt.putNull("scopes");
        }
        String host = ctx.host() == null ? "localhost" : ctx.host();
        rc.put("domainName", host);
        rc.put("domainPrefix", host.split("[.:]")[0]);
        ObjectNode http = rc.putObject("http");
        http.put("method", ctx.method().name());
        http.put("path", ctx.path());
        http.put("protocol", ctx.protocol());
        http.put("sourceIp", ctx.ip());
        http.put("userAgent", ctx.userAgent() == null ? "" : ctx.userAgent());
        rc.put("requestId", ConnectionIds.next());
        rc.put("routeKey", routeKey);
        rc.put("stage", "$default");
        rc.put("time", TIME.format(Instant.ofEpochMilli(now)));
        rc.put("timeEpoch", now);
        byte[] body = ctx.bodyAsBytes();
        if (body.length > 0) {
            if (isText(ctx.contentType())) {
                event.put("body", new String(body, java.nio.charset.StandardCharsets.UTF_8));
                event.put("isBase64Encoded", false);
            } else {
                event.put("body", Base64.getEncoder().encodeToString(body));
                event.put("isBase64Encoded", true);
            }
        } else {
            event.put("isBase64Encoded", false);
        }
        return Json.write(event);
    }

    /** API Gateway passes every claim as a string; arrays become {@code [a b]}. */
    static String claimText(Object value) {
        if (value instanceof Collection<?> list) {
            return "[" + String.join(" ", list.stream().map(String::valueOf).toList()) + "]";
        }
        if (value instanceof java.util.Date date) {
            return Long.toString(date.toInstant().getEpochSecond());
        }
        if (value instanceof Instant instant) {
            return Long.toString(instant.getEpochSecond());
        }
        return String.valueOf(value);
    }

    private static boolean isText(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        String ct = contentType.toLowerCase(Locale.ROOT);
        return ct.startsWith("text/") || ct.contains("json") || ct.contains("xml") || ct.contains("javascript")
                || ct.contains("x-www-form-urlencoded");
    }
}
