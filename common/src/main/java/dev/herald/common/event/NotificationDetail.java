package dev.herald.common.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * The Herald part of a producer event (the EventBridge {@code detail}).
 *
 * @param notificationId the producer's idempotency key, or empty to use the event id
 * @param recipients     user ids and {@code topic:NAME} entries, at least one
 * @param category       the preference category (e.g. {@code orders}); empty lets the route decide
 * @param priority       normal, high or critical
 * @param channels       channels the producer asks for; empty lets the route decide
 * @param data           template variables, passed on untouched
 * @param locale         a BCP 47 locale overriding the recipient's, or empty
 * @param raw            the whole detail as received, unknown fields included, so nothing is lost
 */
public record NotificationDetail(
        Optional<String> notificationId,
        List<Recipient> recipients,
        Optional<String> category,
        Priority priority,
        List<Channel> channels,
        ObjectNode data,
        Optional<String> locale,
        ObjectNode raw) {
    public NotificationDetail {
        recipients = List.copyOf(recipients);
        channels = List.copyOf(channels);
    }
}
