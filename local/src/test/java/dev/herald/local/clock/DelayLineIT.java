package dev.herald.local.clock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.local.LocalRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/**
 * Delayed SQS sends on {@code herald up}'s adjustable clock, through the SDK on the edge port (whose checksum check of
 * every send answer is on): a message sent with {@code DelaySeconds} stays invisible until the clock is moved past its
 * delay, however long the wall clock waits; a batch's undelayed entries arrive at once; attributes arrive intact.
 */
class DelayLineIT {
    private static LocalRuntime runtime;
    private static SqsClient sqs;
    private static String queueUrl;

    @BeforeAll
    static void start() {
        runtime = ClockRuntime.get();
        sqs = SqsClient.builder().endpointOverride(runtime.edgeEndpoint()).region(Region.of(runtime.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        queueUrl = sqs.createQueue(r -> r.queueName("delay-line-" + UUID.randomUUID())).queueUrl();
    }

    @AfterAll
    static void stop() {
        sqs.close();
    }

    private static List<Message> receiveAll() {
        List<Message> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<Message> got = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageAttributeNames("All")).messages();
            all.addAll(got);
            got.forEach(m -> sqs.deleteMessage(d -> d.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
        }
        return all;
    }

    @Test
    void delayedSends_waitForTheClock_andArriveOnceWithTheirAttributes() {
        MessageAttributeValue kind = MessageAttributeValue.builder().dataType("String").stringValue("flush").build();
        SendMessageResponse single = sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("single-60").delaySeconds(60)
                .messageAttributes(Map.of("Kind", kind)));
        SendMessageBatchResponse batch = sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(
                e -> e.id("now").messageBody("batch-now"),
                e -> e.id("later").messageBody("batch-900").delaySeconds(900).messageAttributes(Map.of("Kind", kind))));

        assertThat(single.messageId()).isNotBlank();
        assertThat(batch.failed()).isEmpty();
        assertThat(batch.successful()).extracting(r -> r.id()).containsExactlyInAnyOrder("now", "later");
        assertThat(receiveAll()).extracting(Message::body).containsExactly("batch-now");

        ClockRuntime.advance(Duration.ofSeconds(61));
        List<Message> afterAMinute = receiveAll();
        assertThat(afterAMinute).extracting(Message::body).containsExactly("single-60");
        assertThat(afterAMinute.getFirst().messageAttributes()).containsEntry("Kind", kind);

        ClockRuntime.advance(Duration.ofMinutes(14));
        assertThat(receiveAll()).extracting(Message::body).containsExactly("batch-900");
        ClockRuntime.advance(Duration.ofMinutes(15));
        assertThat(receiveAll()).isEmpty();
    }
}
