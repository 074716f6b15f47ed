package dev.herald.common.testing;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.herald.common.topology.QueueSpec;
import dev.herald.common.topology.TopologyProvisioner;
import java.net.URI;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.elasticmq.RelaxedSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.util.NowProvider;
import scala.Option;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * ElasticMQ - the real SQS server - whose time is a test's {@link Clock}: message delays, visibility timeouts
 * (ChangeMessageVisibility), receive counts and the redrive to a dead-letter queue all follow the clock, so a test
 * can run hours of SQS behaviour in seconds by moving a {@link ManualClock}. Receive with a zero wait time (long
 * polls still wait in real time). One server per instance; {@link #close()} stops it.
 */
public final class ClockedSqs implements AutoCloseable {
    private final ActorSystem system;
    private final SQSRestServer server;
    private final SqsClient sqs;
    private final Map<String, String> queueUrls;

    public ClockedSqs(Clock clock, List<QueueSpec> queues) {
        NowProvider now = new NowProvider() {
            @Override
            public long nowMillis() {
                return clock.millis();
            }

            @Override
            public OffsetDateTime now() {
                return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
            }
        };
        system = ActorSystem.create("clocked-sqs");
        ActorRef manager = system.actorOf(Props.create(QueueManagerActor.class,
                () -> new QueueManagerActor(now, RelaxedSQSLimits$.MODULE$, Option.empty())));
        server = SQSRestServerBuilder.withActorSystem(system).withQueueManagerActor(manager).withInterface("127.0.0.1").withDynamicPort().start();
        int port = server.waitUntilStarted().localAddress().getPort();
        sqs = SqsClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port)).region(LocalEngines.REGION)
                .credentialsProvider(LocalEngines.CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
        queueUrls = TopologyProvisioner.createQueues(sqs, queues);
    }

    public SqsClient sqs() {
        return sqs;
    }

    public String queueUrl(String name) {
        String url = queueUrls.get(name);
        if (url == null) {
            throw new IllegalArgumentException("no queue " + name + "; created: " + queueUrls.keySet());
        }
        return url;
    }

    /**
     * One poll of an event source mapping, as Lambda makes it: batches of up to 10 handed to {@code handler} until the
     * queue has nothing visible; the records the batch response does not name as failed are deleted.
     *
     * @return how many messages were received
     */
    public int poll(String queueName, Function<SQSEvent, SQSBatchResponse> handler) {
        String queue = queueUrl(queueName);
        int received = 0;
        while (true) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(0)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            if (batch.isEmpty()) {
                return received;
            }
            received += batch.size();
            SQSEvent event = new SQSEvent();
            event.setRecords(batch.stream().map(ClockedSqs::record).toList());
            Set<String> failed = handler.apply(event).getBatchItemFailures().stream()
                    .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).collect(Collectors.toSet());
            batch.stream().filter(m -> !failed.contains(m.messageId()))
                    .forEach(m -> sqs.deleteMessage(r -> r.queueUrl(queue).receiptHandle(m.receiptHandle())));
        }
    }

    private static SQSEvent.SQSMessage record(Message m) {
        SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
        r.setMessageId(m.messageId());
        r.setReceiptHandle(m.receiptHandle());
        r.setBody(m.body());
        r.setAttributes(Map.of("ApproximateReceiveCount", m.attributesAsStrings().getOrDefault("ApproximateReceiveCount", "1")));
        r.setEventSource("aws:sqs");
        return r;
    }

    /** Messages in the queue, visible or not (SQS's approximate counts; exact on ElasticMQ). */
    public int depth(String name) {
        var attributes = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl(name)).attributeNamesWithStrings("All")).attributesAsStrings();
        return Integer.parseInt(attributes.get("ApproximateNumberOfMessages")) + Integer.parseInt(attributes.get("ApproximateNumberOfMessagesNotVisible"))
                + Integer.parseInt(attributes.getOrDefault("ApproximateNumberOfMessagesDelayed", "0"));
    }

    @Override
    public void close() {
        sqs.close();
        server.stopAndWait();
        system.terminate();
    }
}
