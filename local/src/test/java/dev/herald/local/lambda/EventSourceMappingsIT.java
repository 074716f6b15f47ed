package dev.herald.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.json.Json;
import dev.herald.common.testing.Fixtures;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.topology.SqsTrigger;
import dev.herald.common.topology.Topology;
import dev.herald.common.topology.TopologyProvisioner;
import dev.herald.local.FunctionInvoker;
import dev.herald.local.lambda.testfunctions.NotJsonOnFirstReceiveHandler;
import dev.herald.local.lambda.testfunctions.SqsCommandHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Event source mappings against ElasticMQ, with real function jars in the {@link LambdaHost}. Each
 * test has its own queue (and DLQ) from a Topology built here: function timeout 1 s, so the visibility
 * timeout can be 6 s (the validator's 6x rule) and redeliveries come quickly.
 */
class EventSourceMappingsIT {
    private static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration VISIBILITY = Duration.ofSeconds(6);
    private static final Duration PATIENCE = Duration.ofSeconds(40);

    private final SqsClient sqs = LocalEngines.get().sqs();
    /** Every SQS event the mappings invoked the function with, as JSON. */
    private final List<JsonNode> invocations = new CopyOnWriteArrayList<>();
    private String queue;
    private Map<String, String> queueUrls;
    private LambdaHost host;
    private EventSourceMappings mappings;

    private void prepare(Class<?> handler, int batchSize, Duration window, int pollers, int maxReceives) {
        queue = "esm-" + UUID.randomUUID().toString().substring(0, 8);
        Topology topology = TestTopologies.of(TestTopologies.queueWithDlq(queue, VISIBILITY, maxReceives),
                List.of(TestTopologies.consumer("consumer", handler, FUNCTION_TIMEOUT, new SqsTrigger(queue, batchSize, window, true, pollers))));
        queueUrls = TopologyProvisioner.createQueues(sqs, topology.queues());
        host = new LambdaHost(topology, TestFunctionJars.repoRoot(), Map.of("AWS_REGION", "eu-west-1"), v -> {
            throw new IllegalArgumentException("no references in this Topology: " + v);
        });
        FunctionInvoker recording = (function, payload) -> {
            invocations.add(Json.tree(payload));
            return host.invoke(function, payload);
        };
        mappings = new EventSourceMappings(topology, recording, sqs, queueUrls);
    }

    @AfterEach
    void stop() {
        if (mappings != null) {
            mappings.close();
        }
        if (host != null) {
            host.close();
        }
    }

    @Test
    void batchOfTen_isOneInvocationWithTenRecordsShapedAsLambdaBuildsThem_andAllAreDeleted() throws Exception {
        prepare(SqsCommandHandler.class, 10, Duration.ZERO, 1, 5);
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        IntStream.range(0, 9).forEach(i -> entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody("ok").build()));
        entries.add(SendMessageBatchRequestEntry.builder().id("m9").messageBody("ok")
                .messageAttributes(Map.of("sent-by", MessageAttributeValue.builder().dataType("String").stringValue("ops-cli").build())).build());
        sqs.sendMessageBatch(r -> r.queueUrl(url()).entries(entries));

        mappings.start();
        await(() -> !invocations.isEmpty() && queueIsEmpty());

        assertThat(invocations).hasSize(1);
        List<JsonNode> records = records(invocations.get(0));
        assertThat(records).hasSize(10);
        JsonNode fixture = Json.tree(Fixtures.read("sqs-ingress-batch.json")).get("Records");
        JsonNode withAttribute = records.stream().filter(r -> r.get("messageAttributes").has("sent-by")).findFirst().orElseThrow();
        JsonNode plain = records.stream().filter(r -> r != withAttribute).findFirst().orElseThrow();
        assertThat(fieldNames(plain)).containsExactlyElementsOf(fieldNames(fixture.get(0)));
        assertThat(fieldNames(withAttribute)).containsExactlyElementsOf(fieldNames(fixture.get(2)));
        assertThat(withAttribute.at("/messageAttributes/sent-by")).isEqualTo(fixture.get(2).at("/messageAttributes/sent-by"));
        assertThat(fieldNames(plain.get("attributes"))).containsAll(fieldNames(fixture.get(0).get("attributes")));
        for (JsonNode r : records) {
            assertThat(r.get("eventSource").asText()).isEqualTo("aws:sqs");
            assertThat(r.get("eventSourceARN").asText()).isEqualTo("arn:aws:sqs:eu-west-1:000000000000:" + queue);
            assertThat(r.get("awsRegion").asText()).isEqualTo("eu-west-1");
            assertThat(r.get("md5OfBody").asText()).isEqualTo(md5(r.get("body").asText()));
            assertThat(r.at("/attributes/ApproximateReceiveCount").asText()).isEqualTo("1");
            assertThat(r.at("/attributes/SentTimestamp").asText()).matches("\\d{13}");
        }
    }

    @Test
    void partialFailure_redeliversOnlyTheFailedMessage_andDeletesTheOthers() {
        prepare(SqsCommandHandler.class, 10, Duration.ZERO, 1, 5);
        send("ok", "fail-first", "ok");

        mappings.start();
        await(() -> receiveCounts("fail-first").size() == 2 && queueIsEmpty());

        assertThat(receiveCounts("fail-first")).containsExactly("1", "2");
        assertThat(receiveCounts("ok")).containsExactly("1", "1");
        JsonNode redelivery = invocations.get(invocations.size() - 1);
        assertThat(records(redelivery)).extracting(r -> r.get("body").asText()).containsExactly("fail-first");
    }

    @Test
    void unknownItemIdentifier_redeliversTheWholeBatch() {
        prepare(SqsCommandHandler.class, 10, Duration.ZERO, 1, 5);
        send("ok", "unknown-id-first");

        mappings.start();
        await(() -> receiveCounts("ok").size() == 2 && receiveCounts("unknown-id-first").size() == 2 && queueIsEmpty());

        assertThat(receiveCounts("ok")).containsExactly("1", "2");
        assertThat(receiveCounts("unknown-id-first")).containsExactly("1", "2");
    }

    @Test
    void answerThatIsNotJson_redeliversTheWholeBatch() {
        prepare(NotJsonOnFirstReceiveHandler.class, 10, Duration.ZERO, 1, 5);
        send("a", "b");

        mappings.start();
        await(() -> receiveCounts("a").size() == 2 && receiveCounts("b").size() == 2 && queueIsEmpty());

        assertThat(receiveCounts("a")).containsExactly("1", "2");
        assertThat(receiveCounts("b")).containsExactly("1", "2");
    }

    @Test
    void handlerThrows_redeliversTheWholeBatch() {
        prepare(SqsCommandHandler.class, 10, Duration.ZERO, 1, 5);
        send("ok", "throw-first");

        mappings.start();
        await(() -> receiveCounts("ok").size() == 2 && receiveCounts("throw-first").size() == 2 && queueIsEmpty());

        assertThat(receiveCounts("ok")).containsExactly("1", "2");
        assertThat(receiveCounts("throw-first")).containsExactly("1", "2");
    }

    @Test
    void messageFailingMaxReceivesTimes_movesToTheDeadLetterQueue() {
        prepare(SqsCommandHandler.class, 10, Duration.ZERO, 1, 2);
        send("throw");

        mappings.start();
        List<String> dead = new CopyOnWriteArrayList<>();
        await(() -> {
            sqs.receiveMessage(r -> r.queueUrl(queueUrls.get(queue + "-dlq")).waitTimeSeconds(1)).messages().forEach(m -> dead.add(m.body()));
            return !dead.isEmpty();
        });

        assertThat(dead).containsExactly("throw");
        assertThat(receiveCounts("throw")).containsExactly("1", "2");
    }

    @Test
    void batchingWindow_gathersMessagesSentApartIntoOneInvocation() throws InterruptedException {
        prepare(SqsCommandHandler.class, 10, Duration.ofSeconds(4), 1, 5);
        mappings.start();

        for (String body : List.of("one", "two", "three")) {
            send(body);
            Thread.sleep(300);
        }
        await(() -> !invocations.isEmpty() && queueIsEmpty());

        assertThat(invocations).hasSize(1);
        assertThat(records(invocations.get(0))).extracting(r -> r.get("body").asText()).containsExactlyInAnyOrder("one", "two", "three");
    }

    private String url() {
        return queueUrls.get(queue);
    }

    private void send(String... bodies) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(bodies[i]).build());
        }
        sqs.sendMessageBatch(r -> r.queueUrl(url()).entries(entries));
    }

    private boolean queueIsEmpty() {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(r -> r.queueUrl(url()).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return "0".equals(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                && "0".equals(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /** The ApproximateReceiveCount of every record with this body, in invocation order. */
    private List<String> receiveCounts(String body) {
        return invocations.stream().flatMap(i -> records(i).stream())
                .filter(r -> r.get("body").asText().equals(body))
                .map(r -> r.at("/attributes/ApproximateReceiveCount").asText()).toList();
    }

    private static List<JsonNode> records(JsonNode event) {
        return StreamSupport.stream(event.get("Records").spliterator(), false).toList();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + PATIENCE);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
