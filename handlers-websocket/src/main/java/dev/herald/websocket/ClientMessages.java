package dev.herald.websocket;

import dev.herald.common.store.ConnectionStore;
import dev.herald.websocket.FramePoster.PostResult;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one message a client sent on its WebSocket: finds the connection's user, parses the message
 * ({@link ClientRequest}), carries it out ({@link ClientActions}) and posts the reply frame, if any,
 * back to the same connection. Nothing is ever thrown back at API Gateway for a bad message: the client
 * gets an error frame that says what to send instead.
 */
final class ClientMessages {
    private static final Logger LOG = LoggerFactory.getLogger(ClientMessages.class);

    private final ConnectionStore connections;
    private final ClientActions actions;
    private final FramePoster poster;

    ClientMessages(ConnectionStore connections, ClientActions actions, FramePoster poster) {
        this.connections = connections;
        this.actions = actions;
        this.poster = poster;
    }

    void handle(String connectionId, String body) {
        Optional<String> userId = connections.find(connectionId).map(ConnectionStore.Connection::userId);
        ClientRequest request = ClientRequest.parse(body);
        Optional<String> reply = userId.isEmpty()
                ? Optional.of(ClientActions.errorFrame("this connection is not registered (it expired or its row was removed); "
                        + "reconnect with a valid token"))
                : actions.handle(userId.get(), request);
        LOG.info("websocket message connectionId={} action={} reply={}", connectionId, request.getClass().getSimpleName(),
                reply.isPresent());
        reply.ifPresent(frame -> reply(connectionId, request, frame));
    }

    private void reply(String connectionId, ClientRequest request, String frame) {
        switch (poster.post(connectionId, frame)) {
            case PostResult.Posted p -> {
            }
            case PostResult.Gone g -> connections.delete(connectionId);
            case PostResult.TooLarge t -> {
                if (request instanceof ClientRequest.History h) {
                    reply(connectionId, new ClientRequest.Invalid(t.reason()), ClientActions.errorFrame("the history of " + h.limit()
                            + " items is above the 128 KB frame limit; ask for fewer, e.g. {\"action\":\"history\",\"limit\":"
                            + Math.max(1, h.limit() / 4) + "}"));
                } else {
                    LOG.warn("websocket reply too large connectionId={} reason={}", connectionId, t.reason());
                }
            }
            case PostResult.Failed f -> LOG.warn("websocket reply not sent connectionId={} reason={}", connectionId, f.reason());
        }
    }
}
