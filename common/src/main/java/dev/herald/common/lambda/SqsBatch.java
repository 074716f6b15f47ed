package dev.herald.common.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.herald.common.concurrent.BoundedPool;
import dev.herald.common.delivery.DeliveryOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a batch's records and answers with a partial batch response: only records whose outcome is
 * {@link DeliveryOutcome.Failed} (or that threw) are reported, so SQS retries exactly those. One bad
 * record never fails its neighbours. Records run one after another, or side by side on a pool
 * ({@link #process(SQSEvent, BoundedPool, Function)}); the answer is the same either way.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 */
public final class SqsBatch {
    private static final Logger LOG = LoggerFactory.getLogger(SqsBatch.class);

    private SqsBatch() {
    }

    /** Runs the records one after another. */
    public static SQSBatchResponse process(SQSEvent event, Function<SQSEvent.SQSMessage, DeliveryOutcome> perRecord) {
        return process(event, null, perRecord);
    }

    /**
     * Runs the records on {@code pool} (its size bounds how many run at once), or one after another when
     * {@code pool} is null or of size 1, or the batch has one record. {@code perRecord} must be safe to call from several
     * threads at once. If the calling thread is interrupted while it waits (the function's timeout), the
     * records still running are cancelled and reported as failures: SQS retries them. Each record runs with the
     * caller's logging context (MDC: e.g. the Lambda request id a logging integration puts there; {@link BoundedPool}).
     */
    public static SQSBatchResponse process(SQSEvent event, BoundedPool pool, Function<SQSEvent.SQSMessage, DeliveryOutcome> perRecord) {
        List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        if (pool == null || !pool.parallel() || records.size() < 2) {
            for (SQSEvent.SQSMessage record : records) {
                addIfFailed(failures, record, run(record, perRecord));
            }
            return new SQSBatchResponse(failures);
        }
        List<Future<DeliveryOutcome>> running = new ArrayList<>(records.size());
        for (SQSEvent.SQSMessage record : records) {
            running.add(pool.submit(() -> run(record, perRecord)));
        }
        boolean interrupted = false;
        for (int i = 0; i < records.size(); i++) {
            SQSEvent.SQSMessage record = records.get(i);
            DeliveryOutcome outcome;
            if (interrupted) {
                running.get(i).cancel(true);
                outcome = new DeliveryOutcome.Failed("interrupted: the invocation ended before this record finished");
            } else {
                try {
                    outcome = running.get(i).get();
                } catch (InterruptedException e) {
                    interrupted = true;
                    running.get(i).cancel(true);
                    outcome = new DeliveryOutcome.Failed("interrupted: the invocation ended before this record finished");
                } catch (ExecutionException | CancellationException e) {
                    // run() catches RuntimeException; this is an Error (or a rejected task)
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    LOG.warn("record failed; SQS will redeliver it messageId={} error={}", record.getMessageId(), cause.toString());
                    outcome = new DeliveryOutcome.Failed(cause.toString());
                }
            }
            addIfFailed(failures, record, outcome);
        }
        if (interrupted) {
            LOG.warn("batch interrupted; unfinished records reported as failures records={} failures={}", records.size(), failures.size());
            Thread.currentThread().interrupt();
        }
        return new SQSBatchResponse(failures);
    }

    private static DeliveryOutcome run(SQSEvent.SQSMessage record, Function<SQSEvent.SQSMessage, DeliveryOutcome> perRecord) {
        try {
            return perRecord.apply(record);
        } catch (RuntimeException e) {
            LOG.warn("record failed; SQS will redeliver it messageId={} error={}", record.getMessageId(), e.toString());
            return new DeliveryOutcome.Failed(e.toString());
        }
    }

    private static void addIfFailed(List<SQSBatchResponse.BatchItemFailure> failures, SQSEvent.SQSMessage record, DeliveryOutcome outcome) {
        if (outcome instanceof DeliveryOutcome.Failed) {
            failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
        }
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
