package dev.herald.router;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.herald.common.delivery.DeliveryOutcome;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.LedgerEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * One ingress record on its way through a batch ({@link BatchRouter}): its plan, its claim, the one chunk of users it
 * routes itself, the ledger rows and channel messages that chunk yields, and, once decided, its outcome.
 */
final class RoutingJob {
    final SQSEvent.SQSMessage record;
    final int receiveCount;
    RoutingPlan.Routed plan;
    /** The audience chunk this record carries, or null for an event from the bus. */
    AudienceChunks.Chunk chunk;
    /** The ledger claim's id: the notification id, or the chunk's {@link AudienceChunks.Chunk#claimId()}. */
    String claimId;
    DeliveryLedger.NotificationClaim claim;
    /** An earlier record of this batch holding the same claim: this one shares its outcome. */
    RoutingJob duplicateOf;
    /** The users this record routes itself (at most one chunk). */
    List<String> users = List.of();
    /** Skipped and rejected delivery rows. */
    final List<LedgerEntry> rows = new ArrayList<>();
    final List<ChannelFanOut.Outgoing> outgoing = new ArrayList<>();
    /** Channel messages that could not be queued, one line each. */
    final List<String> failures = new ArrayList<>();
    /** Ledger rows that could not be written, one line each (their messages are not sent). */
    final List<String> unrecorded = new ArrayList<>();
    int queued;
    int already;
    int skipped;
    int rejected;
    private DeliveryOutcome outcome;

    RoutingJob(SQSEvent.SQSMessage record, int receiveCount) {
        this.record = record;
        this.receiveCount = receiveCount;
    }

    /** Whether this record's rows cannot exist yet: the notification's first claim, routed by this record alone. */
    boolean fresh() {
        return claim == DeliveryLedger.NotificationClaim.NEW && chunk == null;
    }

    /** Whether this record holds a claim (so a failure is written to the claim's row). */
    boolean holdsClaim() {
        return claim == DeliveryLedger.NotificationClaim.NEW || claim == DeliveryLedger.NotificationClaim.INCOMPLETE;
    }

    boolean pending() {
        return outcome == null && duplicateOf == null;
    }

    DeliveryOutcome outcome() {
        return outcome;
    }

    void decide(DeliveryOutcome decided) {
        if (outcome == null) {
            outcome = decided;
        }
    }
}
