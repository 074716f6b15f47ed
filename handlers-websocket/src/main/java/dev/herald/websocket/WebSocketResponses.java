package dev.herald.websocket;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Route responses and request bodies of the WebSocket API's Lambda proxy integration. */
final class WebSocketResponses {
    private WebSocketResponses() {
    }

    /** A response with {@code statusCode}; on {@code $connect}, anything but 2xx refuses the handshake. */
    static APIGatewayV2WebSocketResponse of(int statusCode, String body) {
        APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(statusCode);
        response.setBody(body);
        return response;
    }

    /** The message text; binary frames arrive base64-encoded. */
    static String body(APIGatewayV2WebSocketEvent event) {
        String body = event.getBody();
        if (body == null || !event.isIsBase64Encoded()) {
            return body;
        }
        try {
            return new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return body;
        }
    }
}
