package dev.herald.router;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.delivery.ChannelMessages;
import dev.herald.common.event.Channel;
import dev.herald.common.json.Json;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.ledger.LedgerEntry;
import dev.herald.common.testing.Fixtures;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.topology.HeraldTopology;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import java.util.HashMap;

/** Builds a RouterHandler on the real local engines and reads what it did (queues, ledger). */
final class RouterRig {
    static final LocalEngines ENGINES = LocalEngines.get();
    static final DeliveryLedger LEDGER = new DynamoDbDeliveryLedger(ENGINES.dynamo(), HeraldTopology.TABLE_DELIVERIES);
    static final Map<Channel, String> QUEUES = Map.of(
            Channel.WEBSOCKET, HeraldTopology.QUEUE_WEBSOCKET, Channel.PUSH, HeraldTopology.QUEUE_PUSH, Channel.EMAIL, HeraldTopology.QUEUE_EMAIL,
            Channel.WEBHOOK, HeraldTopology.QUEUE_WEBHOOK);

    private RouterRig() {
    }

    static Map<Channel, String> queueUrls() {
        return Map.of(Channel.WEBSOCKET, ENGINES.queueUrl(HeraldTopology.QUEUE_WEBSOCKET),
                Channel.PUSH, ENGINES.queueUrl(HeraldTopology.QUEUE_PUSH), Channel.EMAIL, ENGINES.queueUrl(HeraldTopology.QUEUE_EMAIL),
                Channel.WEBHOOK, ENGINES.queueUrl(HeraldTopology.QUEUE_WEBHOOK));
    }

    static RouterHandler handler(LambdaInvokeServer lambda, String function, RouteTable routes, Map<Channel, String> queueUrls, Clock clock) {
        return handler(lambda, function, RouterConfig.DEFAULT_ENRICHMENT_TIMEOUT, ENGINES.sqs(), routes, queueUrls, clock);
    }

    static RouterHandler handler(LambdaInvokeServer lambda, String function, Duration enrichmentTimeout, SqsClient sqs, RouteTable routes,
                                 Map<Channel, String> queueUrls, Clock clock) {
        return handler(lambda, function, enrichmentTimeout, ENGINES.dynamo(), sqs, routes, queueUrls, clock);
    }

    /** A handler whose DynamoDB calls go through {@code dynamo} (e.g. a counting client). */
    static RouterHandler handler(LambdaInvokeServer lambda, String function, Duration enrichmentTimeout, software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo,
                                 SqsClient sqs, RouteTable routes, Map<Channel, String> queueUrls, Clock clock) {
        RouterConfig config = new RouterConfig(HeraldTopology.TABLE_DELIVERIES, HeraldTopology.TABLE_TOPICS, HeraldTopology.TABLE_PREFERENCES,
                queueUrls, ENGINES.queueUrl(HeraldTopology.QUEUE_INGRESS), function, null, enrichmentTimeout,
                RouterConfig.DEFAULT_PARALLELISM);
        return new RouterHandler(config, routes, dynamo, sqs, lambda.client(), clock);
    }

    static RouterHandler handler(LambdaInvokeServer lambda) {
        return handler(lambda, LambdaInvokeServer.FUNCTION, routes(), queueUrls(), Clock.systemUTC());
    }

    /**
     * The demo routes with {@code order-shipped} sending on every channel at once (fixture
     * {@code route-order-shipped-all-at-once.json}): these tests route {@code order.shipped} and read a message on each
     * channel queue at once; the demo's own WebSocket-first route is {@link RouteTableTest}'s and {@link RouteStepsTest}'s.
     */
    static RouteTable routes() {
        ObjectNode demo;
        try (InputStream in = RouteTable.class.getResourceAsStream(RouteTable.BUNDLED)) {
            demo = (ObjectNode) Json.tree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ArrayNode list = (ArrayNode) demo.get("routes");
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).path("name").asText().equals("order-shipped")) {
                list.set(i, Json.tree(Fixtures.read("route-order-shipped-all-at-once.json")));
            }
        }
        return RouteTable.parse("the demo routes with order-shipped all at once", Json.write(demo));
    }

    static void purgeChannelQueues() {
        QUEUES.values().forEach(ENGINES::purge);
    }

    /** Runs one invocation with these bodies as records m-0, m-1, ...; returns the ids SQS would retry. */
    static List<String> run(RouterHandler handler, String... bodies) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
            m.setMessageId("m-" + i);
            m.setBody(bodies[i]);
            m.setAttributes(Map.of("ApproximateReceiveCount", "1"));
            m.setEventSource("aws:sqs");
            records.add(m);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return failures(handler.handleRequest(event, null));
    }

    /** Runs one invocation with SQS messages as the event source mapping hands them over (ids, bodies, receive counts). */
    static List<String> run(RouterHandler handler, List<Message> messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message m : messages) {
            SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
            r.setMessageId(m.messageId());
            r.setBody(m.body());
            r.setAttributes(Map.of("ApproximateReceiveCount", m.attributesAsStrings().getOrDefault("ApproximateReceiveCount", "1")));
            r.setEventSource("aws:sqs");
            Map<String, SQSEvent.MessageAttribute> attributes = new HashMap<>();
            m.messageAttributes().forEach((name, value) -> {
                SQSEvent.MessageAttribute a = new SQSEvent.MessageAttribute();
                a.setDataType(value.dataType());
                a.setStringValue(value.stringValue());
                attributes.put(name, a);
            });
            r.setMessageAttributes(attributes);
            records.add(r);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return failures(handler.handleRequest(event, null));
    }

    /** Receives (and deletes) every visible message of the ingress queue, with message attributes and receive counts. */
    static List<Message> drainIngress() {
        String url = ENGINES.queueUrl(HeraldTopology.QUEUE_INGRESS);
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> batch = ENGINES.sqs().receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0)
                    .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                    .messages();
            if (batch.isEmpty()) {
                return all;
            }
            for (Message m : batch) {
                all.add(m);
                ENGINES.sqs().deleteMessage(r -> r.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        }
    }

    /** An SQS client on ElasticMQ that records every SendMessageBatch request before it is sent. */
    static SqsClient recordingSqs(List<SendMessageBatchRequest> calls) {
        return SqsClient.builder().endpointOverride(ENGINES.sqsEndpoint()).region(LocalEngines.REGION)
                .credentialsProvider(LocalEngines.CREDENTIALS).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        if (context.request() instanceof SendMessageBatchRequest r) {
                            calls.add(r);
                        }
                    }
                })).build();
    }

    static List<String> failures(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    /** Receives (and deletes) every visible message of a channel's queue. */
    static List<ChannelMessage> drain(Channel channel) {
        return drain(channel, 0);
    }

    /** As {@link #drain(Channel)}, long-polling up to {@code waitSeconds} for delayed messages to become visible. */
    static List<ChannelMessage> drain(Channel channel, int waitSeconds) {
        String url = ENGINES.queueUrl(QUEUES.get(channel));
        List<ChannelMessage> all = new ArrayList<>();
        while (true) {
            List<Message> batch = ENGINES.sqs().receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(waitSeconds))
                    .messages();
            if (batch.isEmpty()) {
                return all;
            }
            for (Message m : batch) {
                all.add(ChannelMessages.fromJson(m.body()));
                ENGINES.sqs().deleteMessage(r -> r.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        }
    }

    static LedgerEntry row(String key) {
        return LEDGER.find(key).orElseThrow(() -> new AssertionError("no ledger row " + key));
    }

    /** A Herald producer event as EventBridge delivers it. */
    static String event(String id, String detailType, String detail) {
        return """
                {"version":"0","id":"%s","detail-type":"%s","source":"shop.orders","account":"123456789012",
                 "time":"2026-11-23T10:00:00Z","region":"eu-west-1","resources":[],"detail":%s}""".formatted(id, detailType, detail);
    }
}
