package dev.herald.websocket;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import dev.herald.common.lambda.LambdaJson;
import dev.herald.common.testing.Fixtures;

/**
 * Lambda events made from the captured API Gateway fixtures, read with {@link LambdaJson} as the Lambda
 * runtime reads them; only the values a test needs (connection id, token, body) are replaced.
 */
final class WebSocketEvents {
    private WebSocketEvents() {
    }

    /** {@code $connect} with {@code ?token=}; a null token removes the query string. */
    static APIGatewayV2WebSocketEvent connect(String connectionId, String token, long connectedAtMillis) {
        ObjectNode event = fixture("apigw-websocket-connect.json", connectionId);
        if (token == null) {
            event.remove("queryStringParameters");
            event.remove("multiValueQueryStringParameters");
        } else {
            ((ObjectNode) event.get("queryStringParameters")).put("token", token);
            ((ObjectNode) event.get("multiValueQueryStringParameters")).putArray("token").add(token);
        }
        ((ObjectNode) event.get("requestContext")).put("connectedAt", connectedAtMillis);
        return LambdaJson.read(Json.write(event), APIGatewayV2WebSocketEvent.class);
    }

    /** {@code $connect} without a query string, the token in an {@code Authorization: Bearer} header. */
    static APIGatewayV2WebSocketEvent connectWithHeader(String connectionId, String token, long connectedAtMillis) {
        ObjectNode event = fixture("apigw-websocket-connect.json", connectionId);
        event.remove("queryStringParameters");
        event.remove("multiValueQueryStringParameters");
        ((ObjectNode) event.get("headers")).put("Authorization", "Bearer " + token);
        ((ObjectNode) event.get("multiValueHeaders")).putArray("Authorization").add("Bearer " + token);
        ((ObjectNode) event.get("requestContext")).put("connectedAt", connectedAtMillis);
        return LambdaJson.read(Json.write(event), APIGatewayV2WebSocketEvent.class);
    }

    static APIGatewayV2WebSocketEvent disconnect(String connectionId) {
        return LambdaJson.read(Json.write(fixture("apigw-websocket-disconnect.json", connectionId)), APIGatewayV2WebSocketEvent.class);
    }

    static APIGatewayV2WebSocketEvent message(String connectionId, String body) {
        ObjectNode event = fixture("apigw-websocket-default-message.json", connectionId);
        event.put("body", body);
        return LambdaJson.read(Json.write(event), APIGatewayV2WebSocketEvent.class);
    }

    /**
     * An HTTP API (payload 2.0) request made from the {@code PUT /v1/devices} fixture: method, route key,
     * path, path parameters and query replaced; {@code authorization} set to {@code Bearer token}, or
     * removed when token is null.
     */
    static APIGatewayV2HTTPEvent http(String method, String routeKey, String rawPath, String deliveryId, String rawQuery, String token) {
        ObjectNode event = (ObjectNode) Json.tree(Fixtures.read("apigw-http-v2-put-device.json"));
        event.put("routeKey", routeKey);
        event.put("rawPath", rawPath);
        event.put("rawQueryString", rawQuery == null ? "" : rawQuery);
        event.remove("body");
        ObjectNode headers = (ObjectNode) event.get("headers");
        headers.remove(java.util.List.of("content-length", "content-type"));
        if (token == null) {
            headers.remove("authorization");
        } else {
            headers.put("authorization", "Bearer " + token);
        }
        if (rawQuery != null && !rawQuery.isEmpty()) {
            ObjectNode q = event.putObject("queryStringParameters");
            for (String pair : rawQuery.split("&")) {
                String[] kv = pair.split("=", 2);
                q.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        if (deliveryId != null) {
            event.putObject("pathParameters").put("deliveryId", deliveryId);
        }
        ObjectNode rc = (ObjectNode) event.get("requestContext");
        rc.put("routeKey", routeKey);
        ((ObjectNode) rc.get("http")).put("method", method).put("path", rawPath);
        return LambdaJson.read(Json.write(event), APIGatewayV2HTTPEvent.class);
    }

    private static ObjectNode fixture(String name, String connectionId) {
        ObjectNode event = (ObjectNode) Json.tree(Fixtures.read(name));
        ((ObjectNode) event.get("requestContext")).put("connectionId", connectionId);
        return event;
    }
}
