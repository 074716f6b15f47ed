package dev.herald.common.delivery;

import dev.herald.common.event.Channel;

/**
 * Delivery ids are stable: the same notification, channel and recipient always give the same id,
 * so every redelivered or duplicated copy lands on the same ledger row.
 */
public final class DeliveryIds {
    private DeliveryIds() {
    }

    public static String of(String notificationId, Channel channel, String userId) {
        return notificationId + "#" + channel.wireName() + "#" + userId;
    }
}
