package dev.herald.router;

import static dev.herald.router.RouterRig.drain;
import static dev.herald.router.RouterRig.event;
import static dev.herald.router.RouterRig.row;
import static dev.herald.router.RouterRig.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.event.Channel;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.DeliveryStatus;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the router does when enrichment or a channel queue fails: real failures from real servers, no doubles of our code. */
class RouterFailuresIT {
    private static LambdaInvokeServer lambda;
    private static RouterHandler handler;

    @BeforeAll
    static void start() throws Exception {
        lambda = new LambdaInvokeServer();
        handler = RouterRig.handler(lambda);
    }

    @AfterAll
    static void stop() {
        lambda.close();
    }

    @BeforeEach
    void emptyQueues() {
        RouterRig.purgeChannelQueues();
    }

    @Test
    void enrichment_perRecipientError_rejectsThatRecipientOnly() {
        String id = UUID.randomUUID().toString();
        String bad = "norender-" + id;
        String good = "ok-" + id;
        assertThat(run(handler, event(id, "order.shipped", "{\"recipients\":[\"" + bad + "\",\"" + good + "\"]}"))).isEmpty();
        for (Channel c : Channel.values()) {
            var rejected = row(DeliveryIds.of(id, c, bad));
            assertThat(rejected.status()).isEqualTo(DeliveryStatus.REJECTED);
            assertThat(rejected.reason()).isEqualTo("template 'order-shipped' has no locale 'xx' and no default; add one to the Templates table");
            assertThat(drain(c)).extracting(ChannelMessage::userId).containsExactly(good);
        }
        assertThat(RouterRig.LEDGER.claimNotification(id, "order.shipped")).isEqualTo(DeliveryLedger.NotificationClaim.DONE);
    }

    @Test
    void enrichment_functionError_failsThatRecordOnly_andARetryRoutesIt() {
        RouterHandler broken = RouterRig.handler(lambda, LambdaInvokeServer.BROKEN, RouteTable.bundled(), RouterRig.queueUrls(),
                Clock.systemUTC());
        String id = UUID.randomUUID().toString();
        String enriched = event(id, "order.shipped", "{\"recipients\":[\"user-" + id + "\"]}");
        String unrouted = event("u-" + id, "invoice.paid", "{\"recipients\":[\"user-1\"]}");
        String invalid = event("i-" + id, "order.shipped", "{}");

        assertThat(run(broken, unrouted, enriched, invalid)).containsExactly("m-1");
        assertThat(lambda.requests).anyMatch(r -> r.notificationId().equals(id));
        assertThat(RouterRig.LEDGER.find(DeliveryIds.of(id, Channel.PUSH, "user-" + id))).isEmpty();
        assertThat(row(DeliveryLedger.eventKey("u-" + id)).status()).isEqualTo(DeliveryStatus.UNROUTED);
        assertThat(row(DeliveryLedger.eventKey("i-" + id)).status()).isEqualTo(DeliveryStatus.REJECTED);
        for (Channel c : Channel.values()) {
            assertThat(drain(c)).isEmpty();
        }

        // SQS redelivers the record; with the function healthy again the incomplete claim is routed to the end.
        assertThat(run(handler, enriched)).isEmpty();
        assertThat(drain(Channel.PUSH)).singleElement().extracting(ChannelMessage::userId).isEqualTo("user-" + id);
    }

    @Test
    void fanOut_sendMessageBatchPartialFailure_resendsOnlyTheFailedEntry() {
        // ElasticMQ, like SQS, refuses a message holding a lone UTF-16 surrogate (outside SQS's allowed characters) in the
        // entry itself, and accepts the other entries of the same SendMessageBatch call: a real per-entry failure.
        String id = UUID.randomUUID().toString();
        String broken = "brokenname-" + id;
        String fine = "fine-" + id;
        assertThat(run(handler, event(id, "order.shipped", "{\"recipients\":[\"" + fine + "\",\"" + broken + "\"]}")))
                .containsExactly("m-0");

        // the entry that succeeded on the first call was not sent again: exactly one copy
        assertThat(drain(Channel.EMAIL)).extracting(ChannelMessage::userId).containsExactly(fine);
        assertThat(drain(Channel.WEBSOCKET)).extracting(ChannelMessage::userId).containsExactlyInAnyOrder(fine, broken);
        assertThat(drain(Channel.PUSH)).extracting(ChannelMessage::userId).containsExactlyInAnyOrder(fine, broken);
        var failed = row(DeliveryIds.of(id, Channel.EMAIL, broken));
        assertThat(failed.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(failed.reason()).contains("after " + RouterHandler.FAN_OUT_ATTEMPTS + " attempts").contains("InvalidMessageContents");
        assertThat(row(DeliveryIds.of(id, Channel.EMAIL, fine)).status()).isEqualTo(DeliveryStatus.QUEUED);
        assertThat(RouterRig.LEDGER.claimNotification(id, "order.shipped")).isEqualTo(DeliveryLedger.NotificationClaim.INCOMPLETE);
    }

    @Test
    void fanOut_channelQueueDeleted_failsTheRecord_otherChannelsStillQueued() {
        String gone = RouterRig.ENGINES.sqs().createQueue(r -> r.queueName("router-it-gone-" + UUID.randomUUID())).queueUrl();
        RouterRig.ENGINES.sqs().deleteQueue(r -> r.queueUrl(gone));
        Map<Channel, String> urls = new HashMap<>(RouterRig.queueUrls());
        urls.put(Channel.PUSH, gone);
        RouterHandler pushGone = RouterRig.handler(lambda, LambdaInvokeServer.FUNCTION, RouteTable.bundled(), urls, Clock.systemUTC());

        String id = UUID.randomUUID().toString();
        assertThat(run(pushGone, event(id, "order.shipped", "{\"recipients\":[\"user-" + id + "\"]}"))).containsExactly("m-0");
        assertThat(row(DeliveryIds.of(id, Channel.PUSH, "user-" + id)).status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(row(DeliveryIds.of(id, Channel.PUSH, "user-" + id)).reason()).startsWith("channel queue refused the message");
        assertThat(drain(Channel.WEBSOCKET)).hasSize(1);
        assertThat(drain(Channel.EMAIL)).hasSize(1);
    }
}
