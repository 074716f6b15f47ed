package dev.herald.common.delivery;

import dev.herald.common.config.ConfigException;
import dev.herald.common.config.EnvNames;
import dev.herald.common.config.Environment;
import dev.herald.common.schedule.MessageScheduler;
import dev.herald.common.topology.RetrySchedule;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Defers a channel message until its {@code notBefore}: up to {@link DeliveryProcessor#MAX_DELAY} (15 minutes, SQS's
 * longest message delay) by sending it back to its own queue with that delay; longer (quiet hours) through a
 * {@link MessageScheduler} one-time schedule that sends it to the queue at that time - one hop, never a chain of
 * 15-minute re-sends. Sets the retry delay of a failed message with ChangeMessageVisibility (at most
 * {@link RetrySchedule#SQS_VISIBILITY_CEILING}).
 */
public final class SqsDeferrer implements DeliveryProcessor.Deferrer {
    private final SqsClient sqs;
    private final String queueUrl;
    private final MessageScheduler scheduler;
    private final String queueArn;

    /** A deferrer that only sets retry delays and short deferrals (a longer one fails, saying what to configure). */
    public SqsDeferrer(SqsClient sqs, String queueUrl) {
        this(sqs, queueUrl, null, null);
    }

    /**
     * @param scheduler for deferrals longer than 15 minutes, or null when the function has none
     * @param queueArn  the ARN of the queue at {@code queueUrl} (the schedules' target)
     */
    public SqsDeferrer(SqsClient sqs, String queueUrl, MessageScheduler scheduler, String queueArn) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.scheduler = scheduler;
        this.queueArn = queueArn;
    }

    /**
     * The deferrer of a delivery function: its own queue, and the scheduler when {@value EnvNames#SCHEDULE_GROUP},
     * {@value EnvNames#SCHEDULER_ROLE_ARN} and {@value EnvNames#DEFERRAL_QUEUE_ARN} are set (the client is built only then).
     *
     * @throws ConfigException when the scheduler settings are only partly set
     */
    public static SqsDeferrer fromEnvironment(Environment env, SqsClient sqs, String queueUrl, Supplier<SchedulerClient> schedulerClient) {
        Optional<MessageScheduler.Settings> settings = MessageScheduler.Settings.fromEnvironment(env);
        Optional<String> queueArn = env.optional(EnvNames.DEFERRAL_QUEUE_ARN);
        if (settings.isPresent() != queueArn.isPresent()) {
            throw new ConfigException("set " + EnvNames.DEFERRAL_QUEUE_ARN + " (the ARN of this function's queue) together with "
                    + EnvNames.SCHEDULE_GROUP + " and " + EnvNames.SCHEDULER_ROLE_ARN + ", or none of them");
        }
        return settings.map(s -> new SqsDeferrer(sqs, queueUrl, new MessageScheduler(schedulerClient.get(), s), queueArn.get()))
                .orElseGet(() -> new SqsDeferrer(sqs, queueUrl));
    }

    @Override
    public void defer(ChannelMessage message, Duration delay) {
        if (delay.compareTo(DeliveryProcessor.MAX_DELAY) > 0) {
            if (scheduler == null || queueArn == null) {
                throw new IllegalStateException("delivery " + message.deliveryId() + " waits " + delay + " (longer than SQS's 15 minutes) and this "
                        + "function has no scheduler: set HERALD_SCHEDULE_GROUP, HERALD_SCHEDULER_ROLE_ARN and HERALD_DEFERRAL_QUEUE_ARN");
            }
            scheduler.sendAt(message.deliveryId() + "@" + message.notBefore(), queueArn, message.notBefore(), ChannelMessages.toJson(message));
            return;
        }
        // whole seconds, rounded up: a message back a fraction of a second early would only be deferred again
        long seconds = (Math.max(0, delay.toMillis()) + 999) / 1000;
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(ChannelMessages.toJson(message)).delaySeconds((int) seconds));
    }

    @Override
    public void retryAfter(String receiptHandle, Duration delay) {
        long ceiling = RetrySchedule.SQS_VISIBILITY_CEILING.toSeconds();
        int seconds = (int) Math.min(ceiling, Math.max(0, (delay.toMillis() + 999) / 1000));
        sqs.changeMessageVisibility(r -> r.queueUrl(queueUrl).receiptHandle(receiptHandle).visibilityTimeout(seconds));
    }
}
