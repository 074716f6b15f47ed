package dev.herald.common.orchestration;

import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.event.Channel;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.DeliveryStatus;
import java.util.EnumSet;
import java.util.Set;

/**
 * Marks a notification read by a user, as the read-state contract says: the user's delivery rows for it move to READ
 * from SENT or DELIVERED, and its later channel steps still {@code pending} become {@code cancelled} (reason
 * {@value StepGate#READ}) at once, so the ledger shows them cancelled before their messages come back (the
 * {@link StepGate} would cancel them then anyway). One conditional update per channel; repeating it is harmless.
 */
public final class ReadMarker {
    private static final Set<DeliveryStatus> READABLE = EnumSet.of(DeliveryStatus.SENT, DeliveryStatus.DELIVERED);

    private final DeliveryLedger ledger;

    public ReadMarker(DeliveryLedger ledger) {
        this.ledger = ledger;
    }

    /** What marking did. */
    public record Marked(int read, int cancelled) {
        /** Whether the user has any row for the notification that is (now) read or cancelled by it. */
        public boolean any() {
            return read + cancelled > 0;
        }
    }

    public Marked markRead(String notificationId, String userId) {
        int read = 0;
        int cancelled = 0;
        for (Channel c : Channel.values()) {
            String id = DeliveryIds.of(notificationId, c, userId);
            if (ledger.transition(id, READABLE, DeliveryStatus.READ, null)) {
                read++;
            } else if (ledger.transition(id, EnumSet.of(DeliveryStatus.PENDING), DeliveryStatus.CANCELLED, StepGate.READ)) {
                cancelled++;
            }
        }
        return new Marked(read, cancelled);
    }
}
