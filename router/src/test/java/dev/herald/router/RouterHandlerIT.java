package dev.herald.router;

import static dev.herald.router.RouterRig.drain;
import static dev.herald.router.RouterRig.event;
import static dev.herald.router.RouterRig.row;
import static dev.herald.router.RouterRig.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.enrichment.EnrichmentRequest;
import dev.herald.common.event.Channel;
import dev.herald.common.lambda.LambdaJson;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.store.DynamoDbPreferenceStore;
import dev.herald.common.store.DynamoDbTopicStore;
import dev.herald.common.store.Preferences;
import dev.herald.common.testing.Fixtures;
import dev.herald.common.topology.HeraldTopology;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The router end to end on DynamoDB Local and ElasticMQ, with enrichment served over the real Lambda Invoke protocol. */
class RouterHandlerIT extends RouterHandlerFixture {
    @Test
    void handle_fixtureBatch_queuesRecordOne_recordsUnroutedAndRejected_retriesNothing() {
        SQSEvent batch = LambdaJson.read(Fixtures.read("sqs-ingress-batch.json"), SQSEvent.class);
        assertThat(RouterRig.failures(handler.handleRequest(batch, null))).isEmpty();

        String n = "ntf-01JD4R6Z9K3Q7M2N8P5T1V0WXA";
        for (Channel c : java.util.List.of(Channel.WEBSOCKET, Channel.PUSH, Channel.EMAIL)) {
            List<ChannelMessage> messages = drain(c);
            assertThat(messages).extracting(ChannelMessage::userId).containsExactlyInAnyOrder("user-1", "user-2");
            ChannelMessage m = messages.get(0);
            assertThat(m.deliveryId()).isEqualTo(DeliveryIds.of(n, c, m.userId()));
            assertThat(m.eventType()).isEqualTo("order.shipped");
            assertThat(m.category()).isEqualTo("orders");
            assertThat(m.data().get("orderId").asText()).isEqualTo("SO-10042");
            assertThat(m.content()).isNotNull();
            assertThat(c == Channel.EMAIL ? m.content().subject() : m.content().title()).isEqualTo("order-shipped for " + m.userId());
            assertThat(m.notBefore()).isNull();
            assertThat(row(m.deliveryId()).status()).isEqualTo(DeliveryStatus.QUEUED);
        }
        assertThat(row(DeliveryIds.of(n, Channel.PUSH, "user-1")).title()).isEqualTo("order-shipped for user-1");

        var unrouted = row(DeliveryLedger.eventKey("b7d41a08-2c5e-4f93-a1b6-8e0f3c9d2475"));
        assertThat(unrouted.status()).isEqualTo(DeliveryStatus.UNROUTED);
        assertThat(unrouted.reason()).contains("no route matches source=shop.accounts detail-type=account.security-alert");

        var rejected = row(DeliveryLedger.eventKey(RoutePlanner.bodyHash(batch.getRecords().get(2).getBody())));
        assertThat(rejected.status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(rejected.reason()).startsWith("body: malformed JSON");
    }

    @Test
    void handle_sameEventThreeTimes_queuesOneSet() {
        String id = UUID.randomUUID().toString();
        String body = event(id, "order.shipped", "{\"notificationId\":\"n-" + id + "\",\"recipients\":[\"u1-" + id + "\"]}");
        assertThat(run(handler, body, body)).isEmpty();
        assertThat(run(handler, body)).isEmpty();
        for (Channel c : java.util.List.of(Channel.WEBSOCKET, Channel.PUSH, Channel.EMAIL)) {
            assertThat(drain(c)).singleElement().extracting(ChannelMessage::notificationId).isEqualTo("n-" + id);
        }
    }

    @Test
    void handle_sameEventWithoutNotificationIdThreeTimes_dedupesOnTheEventId() {
        String id = UUID.randomUUID().toString();
        String body = event(id, "order.shipped", "{\"recipients\":[\"u-" + id + "\"]}");
        assertThat(run(handler, body)).isEmpty();
        assertThat(run(handler, body, body)).isEmpty();
        for (Channel c : java.util.List.of(Channel.WEBSOCKET, Channel.PUSH, Channel.EMAIL)) {
            assertThat(drain(c)).singleElement().extracting(ChannelMessage::notificationId).isEqualTo(id);
        }
    }

    @Test
    void handle_topicLargerThanOneChunk_isSplitIntoChunkMessages_eachRoutedWithOneEnrichmentCall() {
        RouterRig.ENGINES.purge(HeraldTopology.QUEUE_INGRESS);
        String id = UUID.randomUUID().toString();
        String topic = "launch-" + id;
        var topics = new DynamoDbTopicStore(RouterRig.ENGINES.dynamo(), HeraldTopology.TABLE_TOPICS);
        int subscribers = EnrichmentRequest.MAX_USERS + 20;
        for (int i = 0; i < subscribers; i++) {
            topics.subscribe(topic, String.format("fan%03d-%s", i, id));
        }
        String body = event(id, "deal.started", "{\"recipients\":[\"topic:" + topic + "\"],\"channels\":[\"websocket\"],"
                + "\"data\":{\"dealName\":\"Launch\"}}");
        assertThat(run(handler, body)).isEmpty();

        // the notification's invocation only splits the audience: chunk messages of 25 users back on the ingress queue
        List<software.amazon.awssdk.services.sqs.model.Message> chunks = RouterRig.drainIngress();
        assertThat(chunks).hasSize(5).allSatisfy(m -> assertThat(m.body()).isEqualTo(body));
        assertThat(drain(Channel.WEBSOCKET)).isEmpty();
        assertThat(RouterRig.LEDGER.claimNotification(id, "deal.started")).isEqualTo(DeliveryLedger.NotificationClaim.DONE);

        // one enrichment request per chunk; the batch's requests share Invokes of at most 100 users; every subscriber queued once
        assertThat(run(handler, chunks)).isEmpty();
        assertThat(lambda.requests.stream().filter(r -> r.notificationId().equals(id)).map(r -> r.userIds().size()).toList())
                .containsExactlyInAnyOrder(25, 25, 25, 25, 20);
        // records are packed in the order they arrive (the queue does not promise the chunks' order): two Invokes either way
        List<Integer> invokes = lambda.invocations.stream().filter(i -> i.stream().anyMatch(r -> r.notificationId().equals(id)))
                .map(i -> i.stream().mapToInt(r -> r.userIds().size()).sum()).toList();
        assertThat(invokes).hasSize(2).allSatisfy(users -> assertThat(users).isLessThanOrEqualTo(EnrichmentRequest.MAX_USERS));
        assertThat(invokes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(subscribers);
        assertThat(drain(Channel.WEBSOCKET)).hasSize(subscribers).extracting(ChannelMessage::userId).doesNotHaveDuplicates();
    }

    @Test
    void handle_criticalForUserOptedOutAndInQuietHours_isQueuedAtOnce() {
        String id = UUID.randomUUID().toString();
        String user = "oncall-" + id;
        new DynamoDbPreferenceStore(RouterRig.ENGINES.dynamo(), HeraldTopology.TABLE_PREFERENCES).put(new Preferences(user,
                Set.of("orders:push"), Optional.of(Preferences.QuietHours.parse("22:00", "07:00")), ZoneId.of("Europe/Paris")));
        // 02:00 in Paris: inside quiet hours
        RouterHandler atNight = RouterRig.handler(lambda, LambdaInvokeServer.FUNCTION, RouterRig.routes(), RouterRig.queueUrls(),
                Clock.fixed(Instant.parse("2026-11-24T01:00:00Z"), ZoneOffset.UTC));
        String critical = event(id, "order.shipped", "{\"recipients\":[\"" + user + "\"],\"category\":\"orders\","
                + "\"priority\":\"critical\",\"channels\":[\"push\"]}");
        String normal = event("n-" + id, "order.shipped", "{\"recipients\":[\"" + user + "\"],\"category\":\"orders\","
                + "\"channels\":[\"push\"]}");
        assertThat(run(atNight, critical, normal)).isEmpty();

        assertThat(drain(Channel.PUSH)).singleElement().satisfies(m -> {
            assertThat(m.notificationId()).isEqualTo(id);
            assertThat(m.notBefore()).isNull();
        });
        assertThat(row(DeliveryIds.of(id, Channel.PUSH, user)).status()).isEqualTo(DeliveryStatus.QUEUED);
        assertThat(row(DeliveryIds.of("n-" + id, Channel.PUSH, user)).status()).isEqualTo(DeliveryStatus.SKIPPED);
    }

    @Test
    void handle_invalidEvent_isRejectedWithTheReason_andNotRetried() {
        String id = UUID.randomUUID().toString();
        assertThat(run(handler, event(id, "order.shipped", "{\"recipients\":[],\"priority\":\"urgent\"}"))).isEmpty();
        var row = row(DeliveryLedger.eventKey(id));
        assertThat(row.status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(row.reason()).contains("detail.recipients: is empty").contains("detail.priority: 'urgent' is not one of");
        assertThat(row.eventType()).isEqualTo("order.shipped");
    }

    @Test
    void handle_noRoute_isRecordedUnrouted() {
        String id = UUID.randomUUID().toString();
        assertThat(run(handler, event(id, "invoice.paid", "{\"recipients\":[\"user-1\"]}"))).isEmpty();
        assertThat(row(DeliveryLedger.eventKey(id)).status()).isEqualTo(DeliveryStatus.UNROUTED);
        assertThat(drain(Channel.PUSH)).isEmpty();
    }

    @Test
    void handle_userOptedOutOfEmailForOrders_skipsOnlyEmail() {
        String id = UUID.randomUUID().toString();
        String user = "optout-" + id;
        new DynamoDbPreferenceStore(RouterRig.ENGINES.dynamo(), HeraldTopology.TABLE_PREFERENCES)
                .put(new Preferences(user, Set.of("orders:email"), Optional.empty(), ZoneOffset.UTC));
        assertThat(run(handler, event(id, "order.shipped", "{\"recipients\":[\"" + user + "\"],\"category\":\"orders\"}"))).isEmpty();
        var skipped = row(DeliveryIds.of(id, Channel.EMAIL, user));
        assertThat(skipped.status()).isEqualTo(DeliveryStatus.SKIPPED);
        assertThat(skipped.reason()).isEqualTo("opted out of orders on email");
        assertThat(drain(Channel.EMAIL)).isEmpty();
        assertThat(drain(Channel.PUSH)).singleElement().extracting(ChannelMessage::userId).isEqualTo(user);
        assertThat(lambda.requests.stream().filter(r -> r.notificationId().equals(id)).findFirst().orElseThrow().channels())
                .containsExactly(Channel.WEBSOCKET, Channel.PUSH);
    }

    @Test
    void handle_inQuietHours_messageCarriesNotBeforeAndIsDelayedUntilThen() {
        String id = UUID.randomUUID().toString();
        String user = "night-" + id;
        new DynamoDbPreferenceStore(RouterRig.ENGINES.dynamo(), HeraldTopology.TABLE_PREFERENCES).put(new Preferences(user, Set.of(),
                Optional.of(Preferences.QuietHours.parse("22:00", "07:00")), ZoneId.of("Europe/Paris")));
        // 06:59:58 in Paris: quiet hours end in 2 seconds, so SQS delays the message by 2 seconds.
        Instant now = Instant.parse("2026-11-24T05:59:58Z");
        RouterHandler atDawn = RouterRig.handler(lambda, LambdaInvokeServer.FUNCTION, RouterRig.routes(), RouterRig.queueUrls(),
                Clock.fixed(now, ZoneOffset.UTC));
        assertThat(run(atDawn, event(id, "order.shipped", "{\"recipients\":[\"" + user + "\"],\"channels\":[\"push\"]}"))).isEmpty();
        assertThat(drain(Channel.PUSH)).isEmpty();
        assertThat(drain(Channel.PUSH, 5)).singleElement().extracting(ChannelMessage::notBefore)
                .isEqualTo(Instant.parse("2026-11-24T06:00:00Z"));
    }

    @Test
    void handle_topicRecipients_areExpandedAndDeduplicated() {
        String id = UUID.randomUUID().toString();
        var topics = new DynamoDbTopicStore(RouterRig.ENGINES.dynamo(), HeraldTopology.TABLE_TOPICS);
        for (String u : List.of("a", "b", "c")) {
            topics.subscribe("deals-" + id, u + "-" + id);
        }
        String body = event(id, "deal.started", "{\"recipients\":[\"b-" + id + "\",\"topic:deals-" + id + "\"],\"data\":{\"dealName\":\"Winter\"}}");
        assertThat(run(handler, body)).isEmpty();
        assertThat(drain(Channel.WEBSOCKET)).extracting(ChannelMessage::userId).containsExactlyInAnyOrder("a-" + id, "b-" + id, "c-" + id);
        assertThat(drain(Channel.EMAIL)).hasSize(3).allSatisfy(m -> assertThat(m.category()).isEqualTo("deals"));
    }

    @Test
    void handle_s3ObjectCreated_notifiesTheUploadsTopicWithTheDetailAsData() {
        new DynamoDbTopicStore(RouterRig.ENGINES.dynamo(), HeraldTopology.TABLE_TOPICS).subscribe("uploads", "uploader-1");
        assertThat(run(handler, Fixtures.read("s3-object-created-eventbridge.json"))).isEmpty();
        ChannelMessage ws = drain(Channel.WEBSOCKET).stream().filter(m -> m.userId().equals("uploader-1")).findFirst().orElseThrow();
        assertThat(ws.eventType()).isEqualTo("Object Created");
        assertThat(ws.source()).isEqualTo("aws.s3");
        assertThat(ws.data().path("bucket").path("name").asText()).isEqualTo("herald-imports-123456789012-eu-west-1");
        assertThat(ws.content().title()).isEqualTo("object-created for uploader-1");
        assertThat(drain(Channel.EMAIL)).extracting(ChannelMessage::userId).contains("uploader-1");
        assertThat(drain(Channel.PUSH)).extracting(ChannelMessage::userId).contains("uploader-1");
    }
}
