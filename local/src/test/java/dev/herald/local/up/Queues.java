package dev.herald.local.up;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** Reads a queue until a message matches (deleting it), so tests sharing a queue do not see each other's messages. */
final class Queues {
    private Queues() {
    }

    static Optional<Message> take(SqsClient sqs, String queueUrl, Predicate<Message> wanted, Duration patience) {
        Instant deadline = Instant.now().plus(patience);
        while (Instant.now().isBefore(deadline)) {
            // visibility 0: what is not ours goes straight back for the test that wants it
            for (Message m : sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1).visibilityTimeout(0)).messages()) {
                if (wanted.test(m)) {
                    sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
                    return Optional.of(m);
                }
            }
        }
        return Optional.empty();
    }
}
