package dev.herald.common.ledger;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The delivery ledger: one row per delivery id. Its conditional writes are what make duplicate
 * events and redelivered messages harmless. Implementations throw unchecked exceptions only for
 * infrastructure faults (the caller turns those into a retry).
 */
public interface DeliveryLedger {

    /**
     * Writes {@code entry} unless a row with its id exists.
     *
     * @return true if written, false if the row was already there (a duplicate)
     */
    boolean recordIfAbsent(LedgerEntry entry);

    Optional<LedgerEntry> find(String deliveryId);

    /**
     * Moves a row to {@code to} if it is in one of {@code from}; sets {@code reason} (null clears it).
     * Moving to {@link DeliveryStatus#SENDING} counts an attempt.
     *
     * @return true if moved; false if the row is missing or in another status
     */
    boolean transition(String deliveryId, Set<DeliveryStatus> from, DeliveryStatus to, String reason);

    /** The user's newest rows first (the inbox, and history on reconnect). */
    List<LedgerEntry> recentForUser(String userId, int limit);

    /**
     * Claims a notification for routing; a second copy of the same event finds it claimed.
     *
     * @return {@link NotificationClaim#NEW} the first time; {@link NotificationClaim#INCOMPLETE} if an
     * earlier attempt claimed it but did not finish (the router routes again; deliveries are
     * idempotent); {@link NotificationClaim#DONE} if it was routed already
     */
    NotificationClaim claimNotification(String notificationId, String eventType);

    /** Marks a claimed notification as completely routed. */
    void completeNotification(String notificationId);

    /** Ledger key of the router's de-duplication row for a notification. */
    static String notificationKey(String notificationId) {
        return "notification#" + notificationId;
    }

    /** Ledger key of the row recording a rejected event. */
    static String eventKey(String eventId) {
        return "event#" + eventId;
    }

    /** Ledger key of the row recording a channel message that could not be read (by its SQS message id). */
    static String messageKey(String messageId) {
        return "message#" + messageId;
    }

    enum NotificationClaim { NEW, INCOMPLETE, DONE }
}
