package dev.herald.common.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Addresses Herald must not email again (table {@code herald-suppressions}, PK {@code address}):
 * fed by SES permanent bounces and complaints. Addresses are compared case-insensitively:
 * implementations store and look them up lower-cased.
 *
 * <p>Implementations throw unchecked exceptions (the SDK's) only for infrastructure faults.
 */
public interface SuppressionStore {

    /** Why an address is suppressed; {@link #wireName()} is what the table stores. */
    enum Reason {
        BOUNCE, COMPLAINT;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Reason> fromWireName(String name) {
            return Arrays.stream(values()).filter(r -> r.wireName().equals(name)).findFirst();
        }
    }

    /**
     * One suppressed address.
     *
     * @param address    the address (lower-cased by the store)
     * @param reason     bounce (permanent) or complaint
     * @param at         when SES reported it
     * @param feedbackId SES's feedback id of the bounce or complaint, or null
     */
    record Suppression(String address, Reason reason, Instant at, String feedbackId) {
    }

    /** The suppression of {@code address} (any case), or empty when it may be emailed. */
    Optional<Suppression> find(String address);

    /**
     * Suppresses an address. Idempotent: a second report replaces the first, except that a complaint is
     * never replaced by a bounce (a complaint is the stronger reason: the person asked not to be emailed).
     */
    void suppress(Suppression suppression);
}
