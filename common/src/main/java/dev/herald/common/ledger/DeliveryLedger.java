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

    /**
     * Writes every entry without a condition (BatchWriteItem, 25 rows a call), overwriting a row of the same id:
     * only for rows that cannot exist yet, such as the delivery rows of a notification whose claim is
     * {@link NotificationClaim#NEW}. Rows DynamoDB leaves unprocessed (throttling) are sent again with back-off,
     * a bounded number of times; so is a call that fails.
     *
     * @return the rows not written after the last attempt, and why; {@link BatchWrite#complete()} when all were
     */
    BatchWrite recordAll(List<LedgerEntry> entries);

    /**
     * What {@link #recordAll} could not write.
     *
     * @param unwritten ids of the rows not written
     * @param reason    why (DynamoDB's answer to the last attempt), or null when all were written
     */
    record BatchWrite(Set<String> unwritten, String reason) {
        public BatchWrite {
            unwritten = Set.copyOf(unwritten);
        }

        public boolean complete() {
            return unwritten.isEmpty();
        }
    }

    Optional<LedgerEntry> find(String deliveryId);

    /** The rows of these deliveries that exist, by delivery id (strongly consistent, one BatchGetItem per 100). */
    default java.util.Map<String, LedgerEntry> findAll(List<String> deliveryIds) {
        java.util.Map<String, LedgerEntry> found = new java.util.HashMap<>();
        deliveryIds.forEach(id -> find(id).ifPresent(e -> found.put(id, e)));
        return found;
    }

    /**
     * Moves a row to {@code to} if it is in one of {@code from}; sets {@code reason} (null clears it).
     * Moving to {@link DeliveryStatus#SENDING} counts an attempt.
     *
     * @return true if moved; false if the row is missing or in another status
     */
    boolean transition(String deliveryId, Set<DeliveryStatus> from, DeliveryStatus to, String reason);

    /**
     * Claims a delivery for sending: moves its row to {@link DeliveryStatus#SENDING} (counting an attempt) if it is
     * in one of {@code from}, as {@link #transition} does, and when it is not, says what the row held - in the same
     * request where the store can (DynamoDB: {@code ReturnValuesOnConditionCheckFailure.ALL_OLD}). This default
     * reads the row after a refused move.
     */
    default Claim claimForSending(String deliveryId, Set<DeliveryStatus> from, String reason) {
        if (transition(deliveryId, from, DeliveryStatus.SENDING, reason)) {
            return Claim.CLAIMED;
        }
        return new Claim(false, find(deliveryId).map(LedgerEntry::status).orElse(null));
    }

    /**
     * What {@link #claimForSending} did.
     *
     * @param claimed true if the row is now SENDING for this caller
     * @param found   when not claimed: the row's status then, or null if there was no row (or none Herald can read)
     */
    record Claim(boolean claimed, DeliveryStatus found) {
        public static final Claim CLAIMED = new Claim(true, null);
    }

    /**
     * Claims a batch's deliveries for sending, in as few requests as the store allows (DynamoDB: one
     * BatchExecuteStatement of conditional updates per 25 ids, one write unit each): each row moves to
     * {@link DeliveryStatus#SENDING} (counting an attempt) if it is in one of {@code from}, or if it is SENDING under a
     * claim older than {@code sendingLease} (the attempt that took it is over: it cannot outlive its function's timeout).
     * A SENDING row under a younger claim is being sent right now and is refused.
     *
     * @param deliveryIds distinct ids
     * @return every id's answer: claimed, refused (with the status found, or null when there is no row), or unanswered
     * (the store did not run the request after its retries; the caller retries later)
     */
    Claims claimAll(List<String> deliveryIds, Set<DeliveryStatus> from, java.time.Duration sendingLease);

    /**
     * What {@link #claimAll} did.
     *
     * @param answered   id to claim (claimed or refused)
     * @param unanswered id to why the store did not answer
     */
    record Claims(java.util.Map<String, Claim> answered, java.util.Map<String, String> unanswered) {
        public Claims {
            answered = java.util.Map.copyOf(answered);
            unanswered = java.util.Map.copyOf(unanswered);
        }
    }

    /** A claimed delivery's outcome: its row moves from SENDING to {@code to} with {@code reason} (null clears it). */
    record Result(String deliveryId, DeliveryStatus to, String reason) {
    }

    /**
     * Records a batch's outcomes (DynamoDB: one BatchExecuteStatement of conditional updates per 25), each only while
     * its row is still SENDING: a row a client acknowledged meanwhile (DELIVERED) is left as it is.
     *
     * @return id to why its result was not written after the store's retries (empty when all were written or refused)
     */
    java.util.Map<String, String> recordResults(List<Result> results);

    /** The user's newest rows first (the inbox, and history on reconnect). */
    List<LedgerEntry> recentForUser(String userId, int limit);

    /**
     * Claims a notification for routing; a second copy of the same event finds it claimed. A claim is a
     * lease ({@link #CLAIM_LEASE}): while it runs, no other copy may route the notification.
     *
     * @return {@link NotificationClaim#NEW} the first time; {@link NotificationClaim#BUSY} while another
     * copy holds the lease (it is being routed right now: retry this copy later); {@link NotificationClaim#INCOMPLETE}
     * if an earlier attempt claimed it but failed or died (its lease was released or ran out; this caller now
     * holds the lease and routes again; deliveries are idempotent); {@link NotificationClaim#DONE} if it was routed already
     */
    NotificationClaim claimNotification(String notificationId, String eventType);

    /**
     * Claims notifications never claimed before, together (one {@code BatchExecuteStatement} of conditional inserts per 25):
     * the answer holds {@link NotificationClaim#NEW} for each one this call claimed and leaves out the others - claimed
     * before, or not answered - which the caller claims one by one with {@link #claimNotification}, whose answer tells
     * a copy routed already from one being routed or one whose attempt died.
     *
     * @param eventTypes notification id to its event type
     */
    default java.util.Map<String, NotificationClaim> claimNewNotifications(java.util.Map<String, String> eventTypes) {
        return java.util.Map.of();
    }

    /**
     * How long a routing claim keeps other copies away: longer than the router's timeout (30 s in the Topology),
     * so a live attempt is never overtaken, and shorter than the ingress queue's visibility timeout (180 s), so the
     * redelivery of an attempt that died finds the lease over.
     */
    java.time.Duration CLAIM_LEASE = java.time.Duration.ofSeconds(90);

    /** Marks a claimed notification as completely routed (and clears a failure {@link #failNotification} recorded). */
    void completeNotification(String notificationId);

    /**
     * {@link #completeNotification} for several notifications together (one {@code BatchExecuteStatement} per 25).
     *
     * @return the notifications not completed, with DynamoDB's reason; empty when all were
     */
    default java.util.Map<String, String> completeNotifications(List<String> notificationIds) {
        java.util.Map<String, String> failed = new java.util.LinkedHashMap<>();
        for (String id : notificationIds) {
            try {
                completeNotification(id);
            } catch (RuntimeException e) {
                failed.put(id, e.toString());
            }
        }
        return failed;
    }

    /**
     * Records why routing a notification failed this time: its row ({@link #notificationKey}) becomes
     * {@code failed} with the reason and {@code attempts} = the ingress record's receive count. SQS retries
     * the event and, after the ingress queue's max receives, moves it to the dead-letter queue; the reason
     * then waits in the ledger under the notification's key. Releases the claim's lease, so the retry may route at
     * once. Does nothing for a notification routed already.
     */
    void failNotification(String notificationId, String eventType, String reason, int receiveCount);

    /**
     * Marks a notification cancelled on its claim row ({@link #notificationKey}), so the parts of its audience routed after
     * this call (the chunk messages of a large topic still on the ingress queue) are written {@code cancelled} and never
     * queued ({@link #cancelledNotifications}).
     *
     * @return whether the notification is known (its claim row exists); nothing is written when it is not
     */
    boolean markNotificationCancelled(String notificationId, String reason);

    /** Of {@code notificationIds}, those marked cancelled ({@link #markNotificationCancelled}), to the reason: one read per 100. */
    java.util.Map<String, String> cancelledNotifications(java.util.Collection<String> notificationIds);

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

    enum NotificationClaim { NEW, BUSY, INCOMPLETE, DONE }
}
