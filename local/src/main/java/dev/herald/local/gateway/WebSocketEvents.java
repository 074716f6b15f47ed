package dev.herald.local.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the Lambda proxy events API Gateway sends to the {@code $connect}, {@code $default} and
 * {@code $disconnect} routes, field for field as captured from AWS (see the
 * {@code apigw-websocket-*.json} fixtures).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-mapping-template-reference.html
 */
final class WebSocketEvents {
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final String stage;
    private final String apiId;

    WebSocketEvents(String stage, String apiId) {
        this.stage = stage;
        this.apiId = apiId;
    }

    /** The {@code $connect} event: handshake headers and query string included. */
    String connect(String connectionId, long connectedAt, String domainName, Map<String, List<String>> headers,
                   Map<String, List<String>> query, String sourceIp, String userAgent) {
        ObjectNode event = Json.object();
        putMultiValue(event, "headers", "multiValueHeaders", headers);
        putMultiValue(event, "queryStringParameters", "multiValueQueryStringParameters", query);
        long now = System.currentTimeMillis();
        ObjectNode ctx = event.putObject("requestContext");
        ctx.put("routeKey", "$connect");
        ctx.putNull("disconnectStatusCode");
        ctx.putNull("messageId");
        ctx.put("eventType", "CONNECT");
        String requestId = ConnectionIds.next();
        ctx.put("extendedRequestId", requestId);
        ctx.put("requestTime", REQUEST_TIME.format(Instant.ofEpochMilli(now)));
        ctx.put("messageDirection", "IN");
        ctx.putNull("disconnectReason");
        ctx.put("stage", stage);
        ctx.put("connectedAt", connectedAt);
        ctx.put("requestTimeEpoch", now);
        ObjectNode identity = ctx.putObject("identity");
        for (String field : List.of("cognitoIdentityPoolId", "cognitoIdentityId", "principalOrgId", "cognitoAuthenticationType",
                "userArn")) {
            identity.putNull(field);
        }
        identity.put("userAgent", userAgent);
        identity.putNull("accountId");
        identity.putNull("caller");
        identity.put("sourceIp", sourceIp);
        identity.putNull("accessKey");
        identity.putNull("cognitoAuthenticationProvider");
        identity.putNull("user");
        ctx.put("requestId", requestId);
        ctx.put("domainName", domainName);
        ctx.put("connectionId", connectionId);
        ctx.put("apiId", apiId);
        event.put("isBase64Encoded", false);
        return Json.write(event);
    }

    /** A {@code $default} MESSAGE event; binary frames arrive base64-encoded, as on AWS. */
    String message(Connection c, String domainName, String body, boolean base64) {
        long now = System.currentTimeMillis();
        ObjectNode event = Json.object();
        ObjectNode ctx = event.putObject("requestContext");
        ctx.put("routeKey", "$default");
        ctx.put("messageId", ConnectionIds.next());
        ctx.put("eventType", "MESSAGE");
        String requestId = ConnectionIds.next();
        common(ctx, c, domainName, requestId, now);
        event.put("body", body);
        event.put("isBase64Encoded", base64);
        return Json.write(event);
    }

    /** The {@code $disconnect} event, with the close status code the gateway saw. */
    String disconnect(Connection c, String domainName, int statusCode, String reason) {
        long now = System.currentTimeMillis();
        ObjectNode event = Json.object();
        Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
        headers.put("Host", List.of(domainName));
        headers.put("x-api-key", List.of(""));
        headers.put("X-Forwarded-For", List.of(""));
        headers.put("x-restapi", List.of(""));
        putMultiValue(event, "headers", "multiValueHeaders", headers);
        ObjectNode ctx = event.putObject("requestContext");
        ctx.put("routeKey", "$disconnect");
        ctx.put("disconnectStatusCode", statusCode);
        ctx.put("eventType", "DISCONNECT");
        String requestId = ConnectionIds.next();
        ctx.put("disconnectReason", reason == null ? "" : reason);
        common(ctx, c, domainName, requestId, now);
        event.put("isBase64Encoded", false);
        return Json.write(event);
    }

    private void common(ObjectNode ctx, Connection c, String domainName, String requestId, long now) {
        ctx.put("extendedRequestId", requestId);
        ctx.put("requestTime", REQUEST_TIME.format(Instant.ofEpochMilli(now)));
        ctx.put("messageDirection", "IN");
        ctx.put("stage", stage);
        ctx.put("connectedAt", c.connectedAt);
        ctx.put("requestTimeEpoch", now);
        ObjectNode identity = ctx.putObject("identity");
        identity.put("userAgent", c.userAgent);
        identity.put("sourceIp", c.sourceIp);
        ctx.put("requestId", requestId);
        ctx.put("domainName", domainName);
        ctx.put("connectionId", c.id);
        ctx.put("apiId", apiId);
    }

    private static void putMultiValue(ObjectNode event, String single, String multi, Map<String, List<String>> values) {
        if (values == null || values.isEmpty()) {
            return;
        }
        ObjectNode first = event.putObject(single);
        ObjectNode all = event.putObject(multi);
        values.forEach((name, list) -> {
            if (!list.isEmpty()) {
                first.put(name, list.get(0));
                var array = all.putArray(name);
                list.forEach(array::add);
            }
        });
    }
}
