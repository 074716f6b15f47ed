package dev.herald.websocket;

import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.delivery.DeliveryOutcome;
import dev.herald.common.delivery.DeliveryProcessor;
import dev.herald.common.store.ConnectionStore;
import dev.herald.common.store.ConnectionStore.Connection;
import dev.herald.websocket.FramePoster.PostResult;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a notification frame to every live connection of the recipient (every tab and device).
 * <ul>
 *   <li>no live connection: skipped ("offline"), the inbox and the history on reconnect cover it;</li>
 *   <li>at least one connection took the frame: delivered. Other connections that failed transiently
 *       are not retried: a retry would resend to the connections that already have it;</li>
 *   <li>a gone connection (410) has its row deleted; if every connection was gone (or refused the frame
 *       as too large), the delivery is rejected;</li>
 *   <li>otherwise (429, 5xx, network) it failed, and SQS retries it.</li>
 * </ul>
 * It sends each frame once per attempt; that an attempt happens at most once per delivery after a
 * success is {@link DeliveryProcessor}'s ledger claim.
 */
final class WebSocketSender implements DeliveryProcessor.Sender {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketSender.class);

    private final ConnectionStore connections;
    private final BatchConnections lookups;
    private final FramePoster poster;

    /** Looks up each delivery's connections on its own (one Query per delivery). */
    WebSocketSender(ConnectionStore connections, FramePoster poster) {
        this(new BatchConnections(connections, new dev.herald.common.concurrent.BoundedPool("herald-ws-lookup", 1)), poster);
    }

    /** Takes each delivery's connections from its batch's lookups ({@link BatchConnections#prefetch}). */
    WebSocketSender(BatchConnections lookups, FramePoster poster) {
        this.connections = lookups.store();
        this.lookups = lookups;
        this.poster = poster;
    }

    @Override
    public DeliveryOutcome send(ChannelMessage message) {
        List<Connection> live = lookups.forUser(message);
        if (live.isEmpty()) {
            return DeliveryOutcome.skipped("offline: no live connection");
        }
        String frame = NotificationFrame.of(message);
        int posted = 0;
        int gone = 0;
        List<String> permanent = new ArrayList<>();
        List<String> retryable = new ArrayList<>();
        for (Connection c : live) {
            switch (poster.post(c.connectionId(), frame)) {
                case PostResult.Posted p -> posted++;
                case PostResult.Gone g -> {
                    gone++;
                    connections.delete(c.connectionId());
                }
                case PostResult.TooLarge t -> permanent.add(t.reason());
                case PostResult.Failed f -> retryable.add(f.reason());
            }
        }
        LOG.info("websocket fan-out deliveryId={} connections={} posted={} gone={} tooLarge={} failed={}",
                message.deliveryId(), live.size(), posted, gone, permanent.size(), retryable.size());
        if (posted > 0) {
            return new DeliveryOutcome.Delivered();
        }
        if (!retryable.isEmpty()) {
            return new DeliveryOutcome.Failed(retryable.getFirst());
        }
        if (!permanent.isEmpty()) {
            return new DeliveryOutcome.Rejected(permanent.getFirst());
        }
        return new DeliveryOutcome.Rejected("gone: all " + gone + " connection(s) of the user were closed; their rows were deleted");
    }
}
