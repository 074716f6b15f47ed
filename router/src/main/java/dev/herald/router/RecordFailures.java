package dev.herald.router;

import dev.herald.common.delivery.DeliveryOutcome;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.router.Phase.Claimed;
import dev.herald.router.Phase.Identified;
import dev.herald.router.Phase.InFlight;
import dev.herald.router.Phase.Received;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fails an ingress record at whichever phase it failed: SQS redelivers it (routing again is idempotent), and a record
 * that holds its notification's claim has the reason written to the claim's ledger row first.
 */
final class RecordFailures {
    private static final Logger LOG = LoggerFactory.getLogger(RecordFailures.class);

    private final DeliveryLedger ledger;

    RecordFailures(DeliveryLedger ledger) {
        this.ledger = ledger;
    }

    /**
     * Fails the record; one holding a claim has the reason written to the claim's row before SQS retries it, so the reason
     * is there when the record ends in the dead-letter queue.
     */
    DeliveryOutcome fail(InFlight record, String reason) {
        Identified id = record.identified();
        LOG.warn("routing failed, the record will be retried notificationId={} claim={} reason={}", id.plan().notificationId(),
                id.claimId(), reason);
        Claimed held = record.held();
        if (held != null) {
            try {
                ledger.failNotification(id.claimId(), id.plan().eventType(), reason, id.received().receiveCount());
            } catch (RuntimeException e) {
                LOG.warn("failure reason not recorded claim={} error={}", id.claimId(), e.toString());
            }
        }
        return new DeliveryOutcome.Failed(reason);
    }

    /** Fails the record a step of it threw for (an enrichment fault says what went wrong itself). */
    DeliveryOutcome failOn(InFlight record, RuntimeException e) {
        if (e instanceof LambdaEnricher.EnrichmentFault) {
            return fail(record, e.getMessage());
        }
        LOG.warn("record failed; SQS will redeliver it messageId={} error={}", record.received().message().getMessageId(), e.toString());
        return fail(record, "routing failed: " + e);
    }

    /** Fails a record that threw before it was identified (it holds no claim). */
    DeliveryOutcome failOn(Received received, RuntimeException e) {
        LOG.warn("record failed; SQS will redeliver it messageId={} error={}", received.message().getMessageId(), e.toString());
        String reason = "routing failed: " + e;
        LOG.warn("routing failed, the record will be retried notificationId={} claim={} reason={}", null, null, reason);
        return new DeliveryOutcome.Failed(reason);
    }
}
