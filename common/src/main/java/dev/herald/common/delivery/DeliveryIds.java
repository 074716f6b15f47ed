package dev.herald.common.delivery;

import dev.herald.common.event.Channel;

/**
 * Delivery ids are stable: the same notification, channel and recipient always give the same id,
 * so every redelivered or duplicated copy lands on the same ledger row.
 */
public final class DeliveryIds {
    /**
     * Joins the parts of every ledger key. Event validation refuses notification ids, user ids and topic
     * names that contain it ({@code EventParser}), so two different deliveries never share a key.
     */
    public static final String SEPARATOR = "#";

    private DeliveryIds() {
    }

    public static String of(String notificationId, Channel channel, String userId) {
        return notificationId + SEPARATOR + channel.wireName() + SEPARATOR + userId;
    }
}
