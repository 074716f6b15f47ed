package dev.herald.common.ledger;

import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.event.Channel;
import java.time.Instant;

/**
 * One row of the delivery ledger. Build rows with the named factories ({@link #queued}, {@link #decided},
 * {@link #about}); the canonical constructor is for rows read back from the table.
 *
 * @param deliveryId     the key: {@code DeliveryIds.of(...)} for deliveries, {@code event#ID} for rejected
 *                       events, {@code notification#ID} for the router's de-duplication row
 * @param userId         the recipient, or null for rows that are not a delivery (the user index skips them)
 * @param channel        the delivery's channel, or null for rows that are not a delivery
 * @param reason         why the row is in its status (rejections, skips, failures), or null
 * @param attempts       how many times a handler claimed the delivery
 * @param title          short summary for the inbox, or null
 * @param body           short text for the inbox, or null
 */
public record LedgerEntry(
        String deliveryId,
        String notificationId,
        String userId,
        Channel channel,
        String eventType,
        String category,
        DeliveryStatus status,
        String reason,
        int attempts,
        String title,
        String body,
        Instant createdAt,
        Instant updatedAt) {
    /** The inbox keeps a summary: longer titles and bodies are cut to this many characters. */
    public static final int SUMMARY_CHARS = 500;

    /**
     * The {@code queued} row of a channel message ({@code pending} for a later channel step), written before the message is sent: its inbox title and body are
     * the rendered content's (title or subject, body or text), cut to {@link #SUMMARY_CHARS}. Created when the message
     * was, or at {@code now} for a message without a creation time.
     */
    public static LedgerEntry queued(ChannelMessage m, Instant now) {
        String title = null;
        String body = null;
        if (m.content() != null) {
            title = m.content().title() != null ? m.content().title() : m.content().subject();
            body = m.content().body() != null ? m.content().body() : m.content().text();
        }
        Instant created = m.createdAt() != null ? m.createdAt() : now;
        // a later channel step waits for its time: pending, not queued
        DeliveryStatus status = m.steps() != null && m.steps().isFallback() ? DeliveryStatus.PENDING : DeliveryStatus.QUEUED;
        return new LedgerEntry(m.deliveryId(), m.notificationId(), m.userId(), m.channel(), m.eventType(), m.category(),
                status, null, 0, summary(title), summary(body), created, now);
    }

    /** A delivery the router decided without sending a message (skipped by a preference, rejected before rendering). */
    public static LedgerEntry decided(String notificationId, Channel channel, String userId, String eventType, String category,
                                      DeliveryStatus status, String reason, Instant at) {
        return new LedgerEntry(DeliveryIds.of(notificationId, channel, userId), notificationId, userId, channel, eventType, category,
                status, reason, 0, null, null, at, at);
    }

    /**
     * A row about an event, a notification or an unreadable message rather than a delivery (the router's claim rows,
     * rejected and unrouted events): no user, so the inbox never shows it.
     */
    public static LedgerEntry about(String key, String notificationId, String eventType, DeliveryStatus status, String reason, Instant at) {
        return new LedgerEntry(key, notificationId, null, null, eventType, null, status, reason, 0, null, null, at, at);
    }

    public LedgerEntry withStatus(DeliveryStatus newStatus, String newReason, Instant at) {
        return new LedgerEntry(deliveryId, notificationId, userId, channel, eventType, category, newStatus, newReason,
                attempts, title, body, createdAt, at);
    }

    private static String summary(String s) {
        return s == null || s.length() <= SUMMARY_CHARS ? s : s.substring(0, SUMMARY_CHARS - 1) + "…";
    }
}
