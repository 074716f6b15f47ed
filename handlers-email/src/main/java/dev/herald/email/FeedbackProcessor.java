package dev.herald.email;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.herald.common.delivery.DeliveryOutcome;
import dev.herald.common.lambda.SqsBatch;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.store.SuppressionStore;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Applies SES feedback: a permanent bounce suppresses every bounced recipient and marks the delivery's
 * ledger row {@code rejected} (the email never arrived); a complaint suppresses the complaining
 * recipients and marks the row {@code suppressed} (it arrived; the person wants no more); a transient or
 * undetermined bounce changes nothing (SES already retried; the next email may arrive) and is logged.
 * The row is the one named by the email's {@code deliveryId} tag, with the SES reason; a row already in a
 * final state other than sent/delivered/read keeps it.
 *
 * <p>A record that is not an SES bounce or complaint is logged at ERROR with its messageId and reason
 * and acknowledged (retrying cannot fix it). A DynamoDB fault fails the record, so SQS retries it; the
 * writes are idempotent.
 */
final class FeedbackProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(FeedbackProcessor.class);
    /** Statuses a bounce or complaint may overwrite: the email went out (or may have: a send that timed out). */
    private static final Set<DeliveryStatus> SENT_OR_SENDING = EnumSet.of(DeliveryStatus.SENDING, DeliveryStatus.SENT,
            DeliveryStatus.DELIVERED, DeliveryStatus.READ, DeliveryStatus.FAILED);

    private final SuppressionStore suppressions;
    private final DeliveryLedger ledger;
    private final Clock clock;

    FeedbackProcessor(SuppressionStore suppressions, DeliveryLedger ledger, Clock clock) {
        this.suppressions = suppressions;
        this.ledger = ledger;
        this.clock = clock;
    }

    SQSBatchResponse handle(SQSEvent event) {
        return SqsBatch.process(event, record -> apply(record.getMessageId(), record.getBody()));
    }

    DeliveryOutcome apply(String messageId, String body) {
        SesFeedback.Parsed parsed = SesFeedbackParser.parse(body);
        switch (parsed) {
            case SesFeedback.Malformed m -> {
                LOG.error("malformed SES feedback record dropped messageId={} reason={}", messageId, m.why());
                return DeliveryOutcome.rejected("malformed SES feedback: " + m.why());
            }
            case SesFeedback.Ignored i -> {
                LOG.warn("SES feedback record ignored messageId={} reason={}", messageId, i.why());
                return DeliveryOutcome.delivered();
            }
            case SesFeedback.Feedback f -> {
                try {
                    apply(messageId, f.feedback());
                    return DeliveryOutcome.delivered();
                } catch (SdkException e) {
                    LOG.warn("SES feedback not applied, SQS will retry messageId={} error={}", messageId, e.toString());
                    return DeliveryOutcome.failed("DynamoDB: " + e.getMessage());
                }
            }
        }
    }

    private void apply(String messageId, SesFeedback f) {
        if (f.kind() == SesFeedback.Kind.TRANSIENT_BOUNCE) {
            LOG.info("transient SES bounce, address not suppressed messageId={} feedbackId={} deliveryId={} reason={}",
                    messageId, f.feedbackId(), f.deliveryId(), f.reason());
            return;
        }
        SuppressionStore.Reason reason = f.kind() == SesFeedback.Kind.COMPLAINT ? SuppressionStore.Reason.COMPLAINT : SuppressionStore.Reason.BOUNCE;
        for (String address : f.recipients()) {
            suppressions.suppress(new SuppressionStore.Suppression(address, reason, f.at() != null ? f.at() : clock.instant(), f.feedbackId()));
        }
        LOG.info("addresses suppressed messageId={} reason={} count={} feedbackId={}", messageId, reason.wireName(),
                f.recipients().size(), f.feedbackId());
        if (f.deliveryId() == null) {
            LOG.info("SES feedback names no deliveryId tag; no ledger row to update messageId={}", messageId);
            return;
        }
        DeliveryStatus to = f.kind() == SesFeedback.Kind.COMPLAINT ? DeliveryStatus.SUPPRESSED : DeliveryStatus.REJECTED;
        if (ledger.transition(f.deliveryId(), SENT_OR_SENDING, to, f.reason())) {
            LOG.info("ledger updated from SES feedback deliveryId={} status={}", f.deliveryId(), to.wireName());
        } else {
            var row = ledger.find(f.deliveryId());
            LOG.warn("ledger row not updated from SES feedback deliveryId={} found={} status={}", f.deliveryId(), row.isPresent(),
                    row.map(r -> r.status().wireName()).orElse("-"));
        }
    }
}
