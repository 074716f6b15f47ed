package dev.herald.router;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.herald.common.aws.Backoff;
import dev.herald.common.delivery.SqsDeferrer;
import dev.herald.common.lambda.SqsBatch;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Brings an ingress record the router failed back after an exponential back-off
 * ({@link #BACKOFF}: 1-2 s, 2-4 s ... as the channel handlers start) instead of after the queue's whole
 * visibility timeout (6x the function timeout): a copy that found another copy routing the same
 * notification, or an enrichment call that timed out, is retried within seconds, and an event that keeps
 * failing reaches the dead-letter queue within about a minute instead of a quarter of an hour.
 * The queue is the record's own ({@code eventSourceARN}); the event source mapping's permissions
 * (sqs:GetQueueUrl, sqs:ChangeMessageVisibility) cover the calls. When a call fails the visibility
 * timeout still brings the record back, only later. The delay is set by {@link SqsDeferrer#retryAfter}, as
 * for a channel message ({@link #BACKOFF}'s delays are never under a second). Unlike a channel queue, whose
 * retries span a day ({@code HeraldTopology.CHANNEL_RETRY}: a provider outage), the ingress queue keeps 5 receives:
 * what fails here is Herald's own tables and functions, which an operator should see in the DLQ at once.
 */
final class IngressBackOff {
    private static final Logger LOG = LoggerFactory.getLogger(IngressBackOff.class);

    /** The delay before the n-th retry of a failed ingress record (the queue's 5 receives decide how many). */
    static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5), 5);

    private final SqsClient sqs;
    private final Map<String, SqsDeferrer> deferrers = new ConcurrentHashMap<>();

    IngressBackOff(SqsClient sqs) {
        this.sqs = sqs;
    }

    /** Sets the retry delay of every record of {@code event} that {@code response} reports as failed. */
    void apply(SQSEvent event, SQSBatchResponse response) {
        if (response.getBatchItemFailures().isEmpty() || event.getRecords() == null) {
            return;
        }
        Set<String> failed = response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).collect(Collectors.toSet());
        for (SQSEvent.SQSMessage record : event.getRecords()) {
            if (failed.contains(record.getMessageId()) && record.getReceiptHandle() != null && record.getEventSourceArn() != null) {
                retryAfter(record, BACKOFF.delayBefore(SqsBatch.receiveCount(record)));
            }
        }
    }

    private void retryAfter(SQSEvent.SQSMessage record, Duration delay) {
        try {
            deferrers.computeIfAbsent(record.getEventSourceArn(), arn -> new SqsDeferrer(sqs,
                    sqs.getQueueUrl(r -> r.queueName(arn.substring(arn.lastIndexOf(':') + 1))).queueUrl()))
                    .retryAfter(record.getReceiptHandle(), delay);
        } catch (RuntimeException e) {
            LOG.warn("could not set the retry delay; the visibility timeout applies messageId={} error={}", record.getMessageId(), e.toString());
        }
    }
}
