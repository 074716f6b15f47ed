package dev.herald.router;

import static dev.herald.router.RouterRig.drain;
import static dev.herald.router.RouterRig.event;
import static dev.herald.router.RouterRig.row;
import static dev.herald.router.RouterRig.run;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.event.Channel;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.DeliveryStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;

/** A batch of several records routed together: shared SendMessageBatch calls, failures kept to their own record. */
class RouterBatchIT extends RouterHandlerFixture {
    private static final List<SendMessageBatchRequest> calls = new CopyOnWriteArrayList<>();

    /** Runs after the fixture's start: the same handler, with its SendMessageBatch calls recorded. */
    @BeforeAll
    static void recordSendMessageBatchCalls() {
        handler = RouterRig.handler(lambda, LambdaInvokeServer.FUNCTION, RouterConfig.DEFAULT_ENRICHMENT_TIMEOUT, RouterRig.recordingSqs(calls),
                RouterRig.routes(), RouterRig.queueUrls(), Clock.systemUTC());
    }

    @BeforeEach
    void forgetCalls() {
        calls.clear();
    }

    private static Map<String, Integer> entriesByQueue() {
        Map<String, Integer> byQueue = new java.util.HashMap<>();
        calls.forEach(c -> byQueue.merge(c.queueUrl(), c.entries().size(), Integer::sum));
        return byQueue;
    }

    @Test
    void batch_ofEnrichedEvents_invokesEnrichmentOnceForTheWholeBatch() {
        String run = UUID.randomUUID().toString();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            bodies.add(event(run + "-" + i, "order.shipped", "{\"recipients\":[\"user-" + i + "-" + run + "\"]}"));
        }

        assertThat(run(handler, bodies.toArray(String[]::new))).isEmpty();

        List<List<dev.herald.common.enrichment.EnrichmentRequest>> mine = lambda.invocations.stream()
                .filter(i -> i.stream().anyMatch(r -> r.notificationId().contains(run))).toList();
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0)).hasSize(10).allSatisfy(r -> assertThat(r.userIds()).hasSize(1));
        // every record's message carries its own recipient's rendering
        assertThat(drain(Channel.WEBSOCKET)).filteredOn(m -> m.userId().endsWith(run)).hasSize(10)
                .allSatisfy(m -> assertThat(m.content().title()).endsWith(" for " + m.userId()));
    }

    @Test
    void batch_ofMoreThanAHundredUsers_splitsEnrichmentIntoInvocationsOfAtMostAHundredUsers() {
        String run = UUID.randomUUID().toString();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            StringBuilder users = new StringBuilder();
            for (int u = 0; u < AudienceChunks.USERS_PER_CHUNK; u++) {
                users.append(u == 0 ? "" : ",").append("\"u").append(u).append("-").append(i).append("-").append(run).append("\"");
            }
            bodies.add(event(run + "-" + i, "order.shipped", "{\"recipients\":[" + users + "]}"));
        }

        assertThat(run(handler, bodies.toArray(String[]::new))).isEmpty();

        // five records of 25 users (each routed in place, one chunk): requests kept whole, four to an Invoke of 100 users
        List<Integer> usersPerInvoke = lambda.invocations.stream()
                .filter(i -> i.stream().anyMatch(r -> r.notificationId().contains(run)))
                .map(i -> i.stream().mapToInt(r -> r.userIds().size()).sum()).toList();
        assertThat(usersPerInvoke).containsExactly(100, 25);
    }

    @Test
    void batch_routedSideBySide_logsEveryRecordWithTheInvocationsMdc() {
        String run = UUID.randomUUID().toString();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            bodies.add(event(run + "-" + i, "order.shipped", "{\"recipients\":[\"user-" + i + "-" + run + "\"]}"));
        }
        Logger log = (Logger) LoggerFactory.getLogger(NotificationRouter.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        log.addAppender(logged);
        MDC.put("AWSRequestId", "req-" + run);
        try {
            assertThat(run(handler, bodies.toArray(String[]::new))).isEmpty();
        } finally {
            MDC.remove("AWSRequestId");
            log.detachAppender(logged);
        }

        // the records' last phase runs on the router's pool; each of its lines carries the invocation's request id
        List<ILoggingEvent> routed = logged.list.stream().filter(e -> e.getFormattedMessage().startsWith("event routed")
                && e.getFormattedMessage().contains(run)).toList();
        assertThat(routed).hasSize(4);
        assertThat(routed).anySatisfy(e -> assertThat(e.getThreadName()).startsWith("herald-router-"));
        assertThat(routed).allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsEntry("AWSRequestId", "req-" + run));
    }

    @Test
    void batch_ofSevenEvents_sendsOneSendMessageBatchPerChannel_forAllOfThem() {
        String run = UUID.randomUUID().toString();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            bodies.add(event(run + "-" + i, "order.shipped", "{\"recipients\":[\"user-" + i + "-" + run + "\"]}"));
        }

        assertThat(run(handler, bodies.toArray(String[]::new))).isEmpty();

        // 7 events x 3 channels = 21 messages in 3 calls: one per channel queue, 7 entries each
        assertThat(calls).hasSize(3);
        assertThat(calls).extracting(SendMessageBatchRequest::queueUrl).containsExactlyInAnyOrderElementsOf(
                java.util.List.of(Channel.WEBSOCKET, Channel.PUSH, Channel.EMAIL).stream().map(RouterRig.queueUrls()::get).toList());
        assertThat(calls).allSatisfy(c -> assertThat(c.entries()).hasSize(7));
        for (Channel c : java.util.List.of(Channel.WEBSOCKET, Channel.PUSH, Channel.EMAIL)) {
            assertThat(drain(c)).extracting(ChannelMessage::userId).hasSize(7).doesNotHaveDuplicates();
        }
        for (int i = 0; i < 7; i++) {
            String id = run + "-" + i;
            assertThat(row(DeliveryIds.of(id, Channel.PUSH, "user-" + i + "-" + run)).status()).isEqualTo(DeliveryStatus.QUEUED);
            assertThat(RouterRig.LEDGER.claimNotification(id, "order.shipped")).isEqualTo(DeliveryLedger.NotificationClaim.DONE);
        }
    }

    @Test
    void batch_withOneMessageRefused_failsOnlyTheRecordItBelongsTo() {
        // ElasticMQ, like SQS, refuses an entry holding a lone UTF-16 surrogate (the enrichment server renders one into the
        // email of users named brokenname-*) and accepts the other entries of the same call.
        String run = UUID.randomUUID().toString();
        String broken = "brokenname-" + run;
        String before = event(run + "-0", "order.shipped", "{\"recipients\":[\"a-" + run + "\"]}");
        String refused = event(run + "-1", "order.shipped", "{\"recipients\":[\"" + broken + "\"]}");
        String after = event(run + "-2", "order.shipped", "{\"recipients\":[\"b-" + run + "\"]}");

        assertThat(run(handler, before, refused, after)).containsExactly("m-1");

        String emailQueue = RouterRig.queueUrls().get(Channel.EMAIL);
        List<Integer> emailCalls = calls.stream().filter(c -> c.queueUrl().equals(emailQueue)).map(c -> c.entries().size()).toList();
        assertThat(emailCalls).containsExactly(3, 1, 1); // all three together, then the refused entry alone until attempts run out
        assertThat(entriesByQueue()).containsEntry(RouterRig.queueUrls().get(Channel.PUSH), 3);
        assertThat(drain(Channel.EMAIL)).extracting(ChannelMessage::userId).containsExactlyInAnyOrder("a-" + run, "b-" + run);
        assertThat(drain(Channel.PUSH)).hasSize(3);

        assertThat(RouterRig.LEDGER.claimNotification(run + "-0", "order.shipped")).isEqualTo(DeliveryLedger.NotificationClaim.DONE);
        assertThat(RouterRig.LEDGER.claimNotification(run + "-2", "order.shipped")).isEqualTo(DeliveryLedger.NotificationClaim.DONE);
        var why = row(DeliveryLedger.notificationKey(run + "-1"));
        assertThat(why.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(why.reason()).startsWith("1 channel message(s) not queued, first: " + DeliveryIds.of(run + "-1", Channel.EMAIL, broken))
                .contains("InvalidMessageContents");
        assertThat(row(DeliveryIds.of(run + "-1", Channel.EMAIL, broken)).status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(row(DeliveryIds.of(run + "-1", Channel.PUSH, broken)).status()).isEqualTo(DeliveryStatus.QUEUED);
    }

    @Test
    void batch_recordWhoseEnrichmentFails_failsAlone_theOthersAreSentTogether() {
        String run = UUID.randomUUID().toString();
        String ok = event(run + "-0", "order.shipped", "{\"recipients\":[\"a-" + run + "\"]}");
        // a per-recipient error rejects that recipient; an unknown detail-type is unrouted; both are settled, not retried
        String rejectedRecipient = event(run + "-1", "order.shipped", "{\"recipients\":[\"norender-" + run + "\"]}");
        String unrouted = event(run + "-2", "invoice.paid", "{\"recipients\":[\"a-" + run + "\"]}");

        assertThat(run(handler, ok, rejectedRecipient, unrouted)).isEmpty();

        assertThat(row(DeliveryIds.of(run + "-1", Channel.PUSH, "norender-" + run)).status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(row(DeliveryLedger.eventKey(run + "-2")).status()).isEqualTo(DeliveryStatus.UNROUTED);
        assertThat(calls).hasSize(3);
        for (Channel c : java.util.List.of(Channel.WEBSOCKET, Channel.PUSH, Channel.EMAIL)) {
            assertThat(drain(c)).extracting(ChannelMessage::userId).containsExactly("a-" + run);
        }
    }

    @Test
    void chunkAttribute_thatDoesNotParse_isRejectedIntoTheLedger_notRetried() {
        String id = UUID.randomUUID().toString();
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId("chunk-" + id);
        record.setBody(event(id, "order.shipped", "{\"recipients\":[\"user-" + id + "\"]}"));
        record.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
        attribute.setDataType("String");
        attribute.setStringValue("{\"index\":\"not a chunk\"");
        record.setMessageAttributes(Map.of(AudienceChunks.ATTRIBUTE, attribute));
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(record));

        assertThat(RouterRig.failures(handler.handleRequest(event, null))).isEmpty();

        var why = row(DeliveryLedger.messageKey("chunk-" + id));
        assertThat(why.status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(why.reason()).startsWith("message attribute HeraldChunk is not a valid Herald audience chunk");
        assertThat(RouterRig.LEDGER.find(DeliveryLedger.notificationKey(id))).isEmpty();
        assertThat(calls).isEmpty();
    }
}
