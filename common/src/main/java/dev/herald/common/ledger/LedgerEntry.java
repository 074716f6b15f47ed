package dev.herald.common.ledger;

import java.time.Instant;

/**
 * One row of the delivery ledger.
 *
 * @param deliveryId     the key: {@code DeliveryIds.of(...)} for deliveries, {@code event#ID} for rejected
 *                       events, {@code notification#ID} for the router's de-duplication row
 * @param userId         the recipient, or null for rows that are not a delivery (the user index skips them)
 * @param channel        websocket, push or email, or null
 * @param reason         why the row is in its status (rejections, skips, failures), or null
 * @param attempts       how many times a handler claimed the delivery
 * @param title          short summary for the inbox, or null
 * @param body           short text for the inbox, or null
 */
public record LedgerEntry(
        String deliveryId,
        String notificationId,
        String userId,
        String channel,
        String eventType,
        String category,
        DeliveryStatus status,
        String reason,
        int attempts,
        String title,
        String body,
        Instant createdAt,
        Instant updatedAt) {

    public LedgerEntry withStatus(DeliveryStatus newStatus, String newReason, Instant at) {
        return new LedgerEntry(deliveryId, notificationId, userId, channel, eventType, category, newStatus, newReason,
                attempts, title, body, createdAt, at);
    }
}
