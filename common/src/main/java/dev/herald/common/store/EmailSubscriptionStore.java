package dev.herald.common.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A user's email subscription: at most one per user (table {@code herald-email-subscriptions}, PK
 * {@code userId}). A subscription starts {@link Status#PENDING}, becomes {@link Status#CONFIRMED} when
 * the owner of the address follows the signed confirmation link, and {@link Status#UNSUBSCRIBED} when
 * they unsubscribe. Only a confirmed subscription receives notifications.
 *
 * <p>Implementations throw unchecked exceptions (the SDK's) only for infrastructure faults; callers
 * turn those into a retry or a 5xx.
 */
public interface EmailSubscriptionStore {

    /** Where a subscription stands; {@link #wireName()} is what the table stores. */
    enum Status {
        PENDING, CONFIRMED, UNSUBSCRIBED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Status> fromWireName(String name) {
            return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
        }
    }

    /**
     * One subscription item.
     *
     * @param userId           the key: the subscriber's user id (the JWT {@code sub})
     * @param address          the email address, as the user gave it (trimmed)
     * @param status           pending, confirmed or unsubscribed
     * @param unsubscribeToken the subscription's link nonce: random, set when the user's subscription item is
     *                         first created and kept across address changes; every signed confirm/unsubscribe
     *                         link binds it (with the address), so writing a new value voids every link issued
     *                         before - an operator's revocation. Not a secret on its own: links are signed with
     *                         a key only the functions hold. Null on items written without one (links then bind
     *                         the empty nonce)
     * @param createdAt        when this address was subscribed (reset when the address changes)
     * @param confirmedAt      when it was confirmed, or null
     * @param updatedAt        the last change, or null
     */
    record EmailSubscription(String userId, String address, Status status, String unsubscribeToken,
                             Instant createdAt, Instant confirmedAt, Instant updatedAt) {
    }

    /** The user's subscription, read consistently; empty when the user never subscribed. */
    Optional<EmailSubscription> find(String userId);

    /** Writes the subscription, replacing whatever the user had. */
    void put(EmailSubscription subscription);

    /**
     * Moves the user's subscription to {@code to} if it is still for {@code address} with link nonce
     * {@code nonce} (null: an item without one) and in one of {@code from} (one conditional write, so a concurrent change of
     * address is never confirmed or unsubscribed by an old link). Moving to {@link Status#CONFIRMED}
     * sets {@code confirmedAt}.
     *
     * @return true if moved; false if the subscription is missing, for another address or nonce, or in another status
     */
    boolean transition(String userId, String address, String nonce, Set<Status> from, Status to, Instant at);
}
