package dev.herald.websocket;

import dev.herald.common.store.ConnectionStore;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one message a client sent on its WebSocket: finds the connection's user, parses the message
 * ({@link ClientRequest}), carries it out ({@link ClientActions}) and returns the reply frame, if any.
 * The {@code $default} route is two-way: API Gateway sends the function's response body back to the
 * same connection as a route response, so this function needs no {@code @connections} access.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-response.html
 * Nothing is ever thrown back at API Gateway for a bad message: the client gets an error frame that
 * says what to send instead.
 */
final class ClientMessages {
    /** API Gateway's WebSocket frame limit (128 KB); a larger route response is not delivered. */
    static final int MAX_FRAME_BYTES = 128 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ClientMessages.class);

    private final ConnectionStore connections;
    private final ClientActions actions;

    ClientMessages(ConnectionStore connections, ClientActions actions) {
        this.connections = connections;
        this.actions = actions;
    }

    /** The reply frame for the client's message, if it gets one. */
    Optional<String> handle(String connectionId, String body) {
        Optional<String> userId = connections.find(connectionId).map(ConnectionStore.Connection::userId);
        ClientRequest request = ClientRequest.parse(body);
        Optional<String> reply = userId.isEmpty()
                ? Optional.of(ClientActions.errorFrame("this connection is not registered (it expired or its row was removed); "
                        + "reconnect with a valid token"))
                : actions.handle(userId.get(), request);
        LOG.info("websocket message connectionId={} action={} reply={}", connectionId, request.getClass().getSimpleName(),
                reply.isPresent());
        return reply.map(frame -> fitted(connectionId, request, frame));
    }

    /** {@code frame}, or an error frame saying how to ask for less when it is above the frame limit. */
    private static String fitted(String connectionId, ClientRequest request, String frame) {
        int bytes = frame.getBytes(StandardCharsets.UTF_8).length;
        if (bytes <= MAX_FRAME_BYTES) {
            return frame;
        }
        LOG.warn("websocket reply too large connectionId={} bytes={}", connectionId, bytes);
        if (request instanceof ClientRequest.History h) {
            return ClientActions.errorFrame("the history of " + h.limit() + " items is " + bytes
                    + " bytes, above the 128 KB frame limit; ask for fewer, e.g. {\"action\":\"history\",\"limit\":"
                    + Math.max(1, h.limit() / 4) + "}");
        }
        return ClientActions.errorFrame("the reply is " + bytes + " bytes, above the 128 KB frame limit");
    }
}
