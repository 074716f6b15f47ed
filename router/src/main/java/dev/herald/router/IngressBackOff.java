package dev.herald.router;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.herald.common.delivery.DeliveryProcessor;
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
 * ({@link DeliveryProcessor#RETRY_BACKOFF}, as the channel handlers do) instead of after the queue's whole
 * visibility timeout (6x the function timeout): a copy that found another copy routing the same
 * notification, or an enrichment call that timed out, is retried within seconds, and an event that keeps
 * failing reaches the dead-letter queue within about a minute instead of a quarter of an hour.
 * The queue is the record's own ({@code eventSourceARN}); the event source mapping's permissions
 * (sqs:GetQueueUrl, sqs:ChangeMessageVisibility) cover the calls. When a call fails the visibility
 * timeout still brings the record back, only later. The delay is set by {@link SqsDeferrer#retryAfter}, as
 * for a channel message ({@link DeliveryProcessor#RETRY_BACKOFF}'s delays are never under a second).
 */
final class IngressBackOff {
    private static final Logger LOG = LoggerFactory.getLogger(IngressBackOff.class);

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
                retryAfter(record, DeliveryProcessor.RETRY_BACKOFF.delayBefore(SqsBatch.receiveCount(record)));
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
