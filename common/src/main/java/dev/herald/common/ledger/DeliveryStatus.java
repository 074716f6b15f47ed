package dev.herald.common.ledger;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where a delivery stands. The normal path is QUEUED -> SENDING -> SENT -> DELIVERED -> READ;
 * REJECTED, SUPPRESSED, SKIPPED and UNROUTED are final; FAILED may be retried (back to SENDING).
 * SENDING is a handler's claim on a delivery: it is what keeps a redelivered message from
 * sending twice. PENDING is a later channel step waiting for its time (or for the step before it to fail to reach
 * the user); it is claimed like QUEUED, or becomes CANCELLED (final, reason {@code read}) when the notification was
 * read first.
 * SCHEDULED is a delivery of a scheduled send ({@code sendAt}) waiting for its time (its reason says when); it is claimed like
 * QUEUED, or becomes CANCELLED (reason {@code cancelled by operator}) when an operator cancels the notification first.
 */
public enum DeliveryStatus {
    QUEUED, SENDING, SENT, DELIVERED, READ, REJECTED, FAILED, SUPPRESSED, SKIPPED, UNROUTED, PENDING, CANCELLED, SCHEDULED;

    /** Statuses after which nothing is ever sent again for this delivery id. */
    public static final Set<DeliveryStatus> FINAL = EnumSet.of(SENT, DELIVERED, READ, REJECTED, SUPPRESSED, SKIPPED, UNROUTED, CANCELLED);

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DeliveryStatus> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }
}
