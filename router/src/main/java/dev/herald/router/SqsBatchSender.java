package dev.herald.router;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Sends one SendMessageBatch call's entries (at most 10), and sends the entries SQS refused again, a bounded number
 * of times with exponential backoff: SendMessageBatch succeeds or fails per entry
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html).
 * Used for the channel queues ({@link ChannelFanOut}) and for audience chunks put back on the ingress queue ({@link AudienceChunks}).
 */
final class SqsBatchSender {
    private static final Logger LOG = LoggerFactory.getLogger(SqsBatchSender.class);

    private final SqsClient sqs;
    private final int maxAttempts;
    private final Duration firstBackoff;

    SqsBatchSender(SqsClient sqs, int maxAttempts, Duration firstBackoff) {
        this.sqs = sqs;
        this.maxAttempts = maxAttempts;
        this.firstBackoff = firstBackoff;
    }

    int maxAttempts() {
        return maxAttempts;
    }

    /**
     * Sends {@code entries} (distinct ids) to {@code queueUrl}.
     *
     * @return entry id to the reason, for every entry still not on the queue after the last attempt; empty when all are
     */
    Map<String, String> send(String queueUrl, List<SendMessageBatchRequestEntry> entries) {
        Map<String, SendMessageBatchRequestEntry> pending = new LinkedHashMap<>();
        entries.forEach(e -> pending.put(e.id(), e));
        Map<String, String> lastError = new LinkedHashMap<>();
        Duration backoff = firstBackoff;
        for (int attempt = 1; attempt <= maxAttempts && !pending.isEmpty(); attempt++) {
            if (attempt > 1) {
                sleep(backoff);
                backoff = backoff.multipliedBy(2);
            }
            try {
                SendMessageBatchResponse response = sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(pending.values()));
                response.successful().forEach(ok -> {
                    pending.remove(ok.id());
                    lastError.remove(ok.id());
                });
                for (BatchResultErrorEntry failed : response.failed()) {
                    lastError.put(failed.id(), failed.code() + (Boolean.TRUE.equals(failed.senderFault()) ? " (sender fault)" : "")
                            + ": " + failed.message());
                }
            } catch (SdkException e) {
                pending.keySet().forEach(id -> lastError.put(id, "SendMessageBatch failed: " + e.getMessage()));
            }
            if (!pending.isEmpty()) {
                LOG.warn("messages not queued, sending those again queue={} failed={} attempt={} of {}",
                        queueUrl, pending.size(), attempt, maxAttempts);
            }
        }
        Map<String, String> failures = new LinkedHashMap<>();
        for (String id : pending.keySet()) {
            failures.put(id, "after " + maxAttempts + " attempts: " + lastError.getOrDefault(id, "no answer for this entry"));
        }
        return failures;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off from SQS", e);
        }
    }
}
