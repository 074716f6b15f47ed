package dev.herald.push;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import dev.herald.common.store.DeviceTokenStore;
import dev.herald.common.store.DeviceTokenStore.Platform;
import dev.herald.common.store.DynamoDbDeviceTokenStore;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.topology.HeraldTopology;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The push delivery function wired as on Lambda - real ledger and token table (DynamoDB Local),
 * real deferrer queue (ElasticMQ) - with the APNs and FCM platforms a test chooses.
 */
final class PushHarness {
    final DeviceTokenStore tokens;
    final DeliveryLedger ledger = new DynamoDbDeliveryLedger(LocalEngines.get().dynamo(), HeraldTopology.TABLE_DELIVERIES);
    final PushDeliveryHandler handler;

    PushHarness(PushPlatform apns, PushPlatform fcm) {
        this(apns, fcm, LocalEngines.get().dynamo());
    }

    /** @param tokensDynamo the client the device token store uses (a test may make it fail) */
    PushHarness(PushPlatform apns, PushPlatform fcm, software.amazon.awssdk.services.dynamodb.DynamoDbClient tokensDynamo) {
        tokens = new DynamoDbDeviceTokenStore(tokensDynamo, HeraldTopology.TABLE_DEVICE_TOKENS);
        PushSender sender = new PushSender(tokens, apns, fcm, Duration.ofSeconds(20));
        handler = new PushDeliveryHandler(new DeliveryProcessor(ledger, sender, Clock.systemUTC(),
                new SqsDeferrer(LocalEngines.get().sqs(), LocalEngines.get().queueUrl(HeraldTopology.QUEUE_PUSH)), DeliveryProcessor.DEFAULT_PARALLELISM));
    }

    static String newUser() {
        return "user-" + UUID.randomUUID();
    }

    static String iosToken() {
        return UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
    }

    static String androidToken() {
        return "f" + UUID.randomUUID().toString().replace("-", "").substring(0, 21) + ":APA91b" + UUID.randomUUID().toString().replace("-", "");
    }

    String registerIos(String userId) {
        String token = iosToken();
        tokens.register(userId, token, Platform.IOS, MockApns.TOPIC);
        return token;
    }

    String registerAndroid(String userId) {
        String token = androidToken();
        tokens.register(userId, token, Platform.ANDROID, "com.example.shop");
        return token;
    }

    /** A push channel message as the router writes it, with its QUEUED ledger row. */
    ChannelMessage queued(String userId, Priority priority) {
        String notificationId = "ntf-" + UUID.randomUUID();
        ObjectNode data = Json.object().put("orderId", "SO-10042").put("deepLink", "shop://orders/SO-10042");
        ChannelMessage m = new ChannelMessage(DeliveryIds.of(notificationId, Channel.PUSH, userId), notificationId, "order.shipped",
                "shop", Channel.PUSH, userId, "orders", priority, RenderedContent.notification("Your order has shipped", "SO-10042 is on its way"),
                data, "en", "trace-1", Instant.now(), null);
        ledger.recordIfAbsent(LedgerEntry.queued(m, m.createdAt()));
        return m;
    }

    ChannelMessage queued(String userId) {
        return queued(userId, Priority.HIGH);
    }

    /** One SQS batch of these messages; each record's message id is "msg-" + the delivery id. */
    SQSBatchResponse deliver(ChannelMessage... messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (ChannelMessage m : messages) {
            records.add(record(m, "msg-" + m.deliveryId()));
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return handler.handleRequest(event, null);
    }

    static SQSEvent.SQSMessage record(ChannelMessage m, String messageId) {
        SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
        r.setMessageId(messageId);
        r.setBody(ChannelMessages.toJson(m));
        r.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        r.setEventSource("aws:sqs");
        return r;
    }

    static List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    LedgerEntry row(ChannelMessage m) {
        return ledger.find(m.deliveryId()).orElseThrow();
    }

    boolean hasToken(String userId, String token) {
        return tokens.forUser(userId).stream().anyMatch(d -> d.token().equals(token));
    }
}
