package dev.herald.webhook;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.delivery.ChannelMessages;
import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.delivery.DeliveryProcessor;
import dev.herald.common.delivery.RenderedContent;
import dev.herald.common.delivery.SqsDeferrer;
import dev.herald.common.event.Channel;
import dev.herald.common.event.Priority;
import dev.herald.common.json.Json;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.ledger.LedgerEntry;
import dev.herald.common.store.DynamoDbTopicStore;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.topology.HeraldTopology;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The webhook delivery function wired as on Lambda (real ledger, endpoint and topic tables in DynamoDB Local, the
 * deferrer on ElasticMQ, real HTTP) with the address policy and clock a test chooses.
 */
final class WebhookHarness {
    final WebhookStore store = new WebhookStore(LocalEngines.get().dynamo(), HeraldTopology.TABLE_WEBHOOKS);
    final DynamoDbTopicStore topics = new DynamoDbTopicStore(LocalEngines.get().dynamo(), HeraldTopology.TABLE_TOPICS);
    final DeliveryLedger ledger = new DynamoDbDeliveryLedger(LocalEngines.get().dynamo(), HeraldTopology.TABLE_DELIVERIES);
    final WebhookDeliveryHandler handler;

    WebhookHarness(AddressPolicy policy, Clock clock) {
        WebhookSender sender = new WebhookSender(store, topics, policy, new PinnedHttp(Duration.ofSeconds(2), Duration.ofSeconds(2),
                (javax.net.ssl.SSLSocketFactory) javax.net.ssl.SSLSocketFactory.getDefault()), clock, Duration.ZERO);
        handler = new WebhookDeliveryHandler(new DeliveryProcessor(ledger, sender, clock,
                new SqsDeferrer(LocalEngines.get().sqs(), LocalEngines.get().queueUrl(HeraldTopology.QUEUE_WEBHOOK)), 1));
    }

    /** Loopback allowed (as herald up), the JVM's resolver. */
    static WebhookHarness local() {
        return new WebhookHarness(new AddressPolicy(true, AddressPolicy.SYSTEM), Clock.systemUTC());
    }

    /** A resolver that knows {@code names} and nothing else. */
    static AddressPolicy.Resolver resolving(Map<String, String> names) {
        return host -> {
            String ip = names.get(host);
            if (ip == null) {
                throw new java.net.UnknownHostException(host);
            }
            return List.of(InetAddress.getByName(ip));
        };
    }

    static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    WebhookEndpoint register(String endpointId, URI url, String scope, String secret) {
        WebhookEndpoint e = new WebhookEndpoint(endpointId, url, WebhookScope.parse(scope).orElseThrow(), secret, true, null, null, Instant.now());
        store.put(e);
        return e;
    }

    /** A webhook channel message as the router writes it, with its QUEUED ledger row. */
    ChannelMessage queued(String userId) {
        String notificationId = "ntf-" + UUID.randomUUID();
        ChannelMessage m = new ChannelMessage(DeliveryIds.of(notificationId, Channel.WEBHOOK, userId), notificationId, "order.shipped",
                "shop", Channel.WEBHOOK, userId, "orders", Priority.NORMAL, RenderedContent.notification("Your order has shipped", "SO-10042 is on its way"),
                Json.object().put("orderId", "SO-10042"), "en", "trace-1", Instant.now(), null);
        ledger.recordIfAbsent(LedgerEntry.queued(m, m.createdAt()));
        return m;
    }

    /** One SQS batch holding {@code m}, received for the {@code receive}-th time. */
    SQSBatchResponse deliver(ChannelMessage m, int receive) {
        SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
        r.setMessageId("msg-" + m.deliveryId());
        r.setBody(ChannelMessages.toJson(m));
        r.setAttributes(Map.of("ApproximateReceiveCount", Integer.toString(receive)));
        r.setEventSource("aws:sqs");
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(r));
        return handler.handleRequest(event, null);
    }

    LedgerEntry row(ChannelMessage m) {
        return ledger.find(m.deliveryId()).orElseThrow();
    }
}
