package dev.herald.common.delivery;

import java.time.Duration;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Defers a channel message by sending it back to its own queue with an SQS delay (at most 15 minutes),
 * and sets the retry delay of a failed one with ChangeMessageVisibility (at most 12 hours, SQS's limit).
 */
public final class SqsDeferrer implements DeliveryProcessor.Deferrer {
    private final SqsClient sqs;
    private final String queueUrl;

    public SqsDeferrer(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void defer(ChannelMessage message, Duration delay) {
        // whole seconds, rounded up: a message back a fraction of a second early would only be deferred again
        long rounded = (Math.max(0, delay.toMillis()) + 999) / 1000;
        int seconds = (int) Math.min(DeliveryProcessor.MAX_DELAY.toSeconds(), rounded);
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(ChannelMessages.toJson(message)).delaySeconds(seconds));
    }

    @Override
    public void retryAfter(String receiptHandle, Duration delay) {
        int seconds = (int) Math.min(43_200, Math.max(0, (delay.toMillis() + 999) / 1000));
        sqs.changeMessageVisibility(r -> r.queueUrl(queueUrl).receiptHandle(receiptHandle).visibilityTimeout(seconds));
    }
}
