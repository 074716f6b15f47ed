package dev.herald.websocket;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.delivery.RenderedContent;
import dev.herald.common.event.Channel;
import dev.herald.common.event.Priority;
import dev.herald.common.json.Json;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.LedgerEntry;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Channel messages and ledger rows as the router writes them (QUEUED row first, then the message). */
final class DeliveryFixtures {
    private DeliveryFixtures() {
    }

    static ChannelMessage orderShipped(String userId) {
        return orderShipped(userId, "A-17 arrives on 24 November");
    }

    /** As {@link #orderShipped(String)}, with {@code body} as the rendered body. */
    static ChannelMessage orderShipped(String userId, String body) {
        String notificationId = "n-" + UUID.randomUUID();
        ObjectNode data = Json.object().put("orderId", "A-17").put("eta", "2026-11-24");
        return new ChannelMessage(DeliveryIds.of(notificationId, Channel.WEBSOCKET, userId), notificationId, "order.shipped", "shop",
                Channel.WEBSOCKET, userId, "orders", Priority.HIGH, RenderedContent.notification("Your order shipped", body),
                data, "en", "trace-" + notificationId, Instant.now().truncatedTo(ChronoUnit.MILLIS), null);
    }

    /** Writes the QUEUED ledger row the router writes before it sends the message. */
    static ChannelMessage queued(DeliveryLedger ledger, ChannelMessage m) {
        // the whole content, not the router's 500-character summary: the history tests need rows of any size
        ledger.recordIfAbsent(new LedgerEntry(m.deliveryId(), m.notificationId(), m.userId(), m.channel(), m.eventType(),
                m.category(), DeliveryStatus.QUEUED, null, 0, m.content().title(), m.content().body(), m.createdAt(), m.createdAt()));
        return m;
    }
}
