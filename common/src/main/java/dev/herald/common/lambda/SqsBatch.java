package dev.herald.common.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.herald.common.delivery.DeliveryOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a batch record by record and answers with a partial batch response: only records whose
 * outcome is {@link DeliveryOutcome.Failed} (or that threw) are reported, so SQS retries exactly
 * those. One bad record never fails its neighbours.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 */
public final class SqsBatch {
    private static final Logger LOG = LoggerFactory.getLogger(SqsBatch.class);

    private SqsBatch() {
    }

    public static SQSBatchResponse process(SQSEvent event, Function<SQSEvent.SQSMessage, DeliveryOutcome> perRecord) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage record : records) {
            DeliveryOutcome outcome;
            try {
                outcome = perRecord.apply(record);
            } catch (RuntimeException e) {
                LOG.warn("record failed; SQS will redeliver it messageId={} error={}", record.getMessageId(), e.toString());
                outcome = new DeliveryOutcome.Failed(e.toString());
            }
            if (outcome instanceof DeliveryOutcome.Failed) {
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    /** How many times SQS has handed this record out, from its {@code ApproximateReceiveCount}. */
    public static int receiveCount(SQSEvent.SQSMessage record) {
        String v = record.getAttributes() == null ? null : record.getAttributes().get("ApproximateReceiveCount");
        try {
            return v == null ? 1 : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
