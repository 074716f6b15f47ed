package dev.herald.email;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.delivery.ChannelMessages;
import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.delivery.RenderedContent;
import dev.herald.common.event.Channel;
import dev.herald.common.event.Priority;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.LedgerEntry;
import dev.herald.common.store.EmailSubscriptionStore;
import dev.herald.common.store.EmailSubscriptionStore.EmailSubscription;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builders for the integration tests: subscriptions, channel messages as the router writes them, SQS events. */
final class EmailFixtures {
    private EmailFixtures() {
    }

    static String newUser() {
        return "user-" + UUID.randomUUID();
    }

    static String addressOf(String userId) {
        return userId + "@example.com";
    }

    static EmailSubscription subscription(String userId, EmailSubscriptionStore.Status status) {
        Instant now = Instant.now();
        return new EmailSubscription(userId, addressOf(userId), status, "nonce-" + userId, now, status == EmailSubscriptionStore.Status.CONFIRMED ? now : null, now);
    }

    static ChannelMessage message(String userId, RenderedContent content) {
        String notificationId = "ntf-" + UUID.randomUUID();
        return new ChannelMessage(DeliveryIds.of(notificationId, Channel.EMAIL, userId), notificationId, "order.shipped", "shop",
                Channel.EMAIL, userId, "orders", Priority.NORMAL, content, null, "en", "trace-" + notificationId, Instant.now(), null);
    }

    static ChannelMessage message(String userId) {
        return message(userId, RenderedContent.email("Your order A-17 has shipped",
                "<p>Your order <b>A-17</b> has shipped.</p>", "Your order A-17 has shipped."));
    }

    /** The QUEUED row the router writes before it sends the message. */
    static void queued(DeliveryLedger ledger, ChannelMessage m) {
        ledger.recordIfAbsent(LedgerEntry.queued(m, m.createdAt()));
    }

    /** One SQS record per message, each with its own messageId, received for the first time. */
    static SQSEvent sqs(ChannelMessage... messages) {
        List<String> bodies = new ArrayList<>();
        for (ChannelMessage m : messages) {
            bodies.add(ChannelMessages.toJson(m));
        }
        return sqsBodies(bodies.toArray(String[]::new));
    }

    static SQSEvent sqsBodies(String... bodies) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (String body : bodies) {
            SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
            r.setMessageId(UUID.randomUUID().toString());
            r.setBody(body);
            r.setAttributes(Map.of("ApproximateReceiveCount", "1"));
            r.setEventSource("aws:sqs");
            records.add(r);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }
}
