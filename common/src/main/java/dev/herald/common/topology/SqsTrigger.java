package dev.herald.common.topology;

import java.time.Duration;

/**
 * An SQS event source mapping. Herald's handlers always report partial batch failures.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 *
 * @param maxConcurrency the most concurrent invocations this mapping may run (AWS minimum is 2)
 */
public record SqsTrigger(String queue, int batchSize, Duration maxBatchingWindow, boolean reportBatchItemFailures, int maxConcurrency) {
}
