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
import dev.herald.common.delivery.ChannelMessages;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.topology.HeraldTopology;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import org.junit.jupiter.api.Test;

/** What the router does when enrichment or a channel queue fails: real failures from real servers, no doubles of our code. */
class RouterFailuresIT extends RouterHandlerFixture {
    @Test
    void enrichment_perRecipientError_rejectsThatRecipientOnly() {
        String id = UUID.randomUUID().toString();
        String bad = "norender-" + id;
        String good = "ok-" + id;
        assertThat(run(handler, event(id, "order.shipped", "{\"recipients\":[\"" + bad + "\",\"" + good + "\"]}"))).isEmpty();
        for (Channel c : java.util.List.of(Channel.WEBSOCKET, Channel.PUSH, Channel.EMAIL)) {
            var rejected = row(DeliveryIds.of(id, c, bad));
            assertThat(rejected.status()).isEqualTo(DeliveryStatus.REJECTED);
            assertThat(rejected.reason()).isEqualTo("template 'order-shipped' has no locale 'xx' and no default; add one to the Templates table");
            assertThat(drain(c)).extracting(ChannelMessage::userId).containsExactly(good);
        }
        assertThat(RouterRig.LEDGER.claimNotification(id, "order.shipped")).isEqualTo(DeliveryLedger.NotificationClaim.DONE);
    }

    @Test
    void enrichment_functionError_failsThatRecordOnly_andARetryRoutesIt() {
        RouterHandler broken = RouterRig.handler(lambda, LambdaInvokeServer.BROKEN, RouterRig.routes(), RouterRig.queueUrls(),
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
        for (Channel c : java.util.List.of(Channel.WEBSOCKET, Channel.PUSH, Channel.EMAIL)) {
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
        String emailQueue = RouterRig.queueUrls().get(Channel.EMAIL);
        List<List<String>> emailCalls = new CopyOnWriteArrayList<>();
        SqsClient recording = SqsClient.builder().endpointOverride(RouterRig.ENGINES.sqsEndpoint()).region(LocalEngines.REGION)
                .credentialsProvider(LocalEngines.CREDENTIALS).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        if (context.request() instanceof SendMessageBatchRequest r && r.queueUrl().equals(emailQueue)) {
                            emailCalls.add(r.entries().stream().map(e -> ChannelMessages.fromJson(e.messageBody()).userId()).toList());
                        }
                    }
                })).build();
        RouterHandler recorded = RouterRig.handler(lambda, LambdaInvokeServer.FUNCTION, RouterConfig.DEFAULT_ENRICHMENT_TIMEOUT, recording,
                RouterRig.routes(), RouterRig.queueUrls(), Clock.systemUTC());
        String id = UUID.randomUUID().toString();
        String broken = "brokenname-" + id;
        String fine = "fine-" + id;
        assertThat(run(recorded, event(id, "order.shipped", "{\"recipients\":[\"" + fine + "\",\"" + broken + "\"]}")))
                .containsExactly("m-0");

        // one call with both entries, then only the refused entry, until the attempts run out
        assertThat(emailCalls).containsExactly(List.of(fine, broken), List.of(broken), List.of(broken));
        assertThat(emailCalls).hasSize(Router.FAN_OUT_ATTEMPTS);

        // the entry that succeeded on the first call was not sent again: exactly one copy
        assertThat(drain(Channel.EMAIL)).extracting(ChannelMessage::userId).containsExactly(fine);
        assertThat(drain(Channel.WEBSOCKET)).extracting(ChannelMessage::userId).containsExactlyInAnyOrder(fine, broken);
        assertThat(drain(Channel.PUSH)).extracting(ChannelMessage::userId).containsExactlyInAnyOrder(fine, broken);
        var failed = row(DeliveryIds.of(id, Channel.EMAIL, broken));
        assertThat(failed.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(failed.reason()).contains("after " + Router.FAN_OUT_ATTEMPTS + " attempts").contains("InvalidMessageContents");
        assertThat(row(DeliveryIds.of(id, Channel.EMAIL, fine)).status()).isEqualTo(DeliveryStatus.QUEUED);
        assertThat(RouterRig.LEDGER.claimNotification(id, "order.shipped")).isEqualTo(DeliveryLedger.NotificationClaim.INCOMPLETE);
        assertThat(row(DeliveryLedger.notificationKey(id)).reason()).startsWith("1 channel message(s) not queued, first: " + DeliveryIds.of(id, Channel.EMAIL, broken));
    }

    @Test
    void enrichment_slowerThanTheTimeout_failsTheRecord_withTheReasonInTheLedger() {
        RouterHandler impatient = RouterRig.handler(lambda, LambdaInvokeServer.SLOW, Duration.ofMillis(300), RouterRig.ENGINES.sqs(),
                RouterRig.routes(), RouterRig.queueUrls(), Clock.systemUTC());
        String id = UUID.randomUUID().toString();
        assertThat(run(impatient, event(id, "order.shipped", "{\"recipients\":[\"user-" + id + "\"]}"))).containsExactly("m-0");

        var why = row(DeliveryLedger.notificationKey(id));
        assertThat(why.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(why.reason()).isEqualTo("enrichment function " + LambdaInvokeServer.SLOW + " did not answer within 300 ms; the event will be"
                + " retried (raise HERALD_ENRICHMENT_TIMEOUT_MS if the function is just slow)");
        assertThat(RouterRig.LEDGER.find(DeliveryIds.of(id, Channel.PUSH, "user-" + id))).isEmpty();
        for (Channel c : java.util.List.of(Channel.WEBSOCKET, Channel.PUSH, Channel.EMAIL)) {
            assertThat(drain(c)).isEmpty();
        }
    }

    @Test
    void sameEvent_whileAnotherCopyIsBeingRouted_isRetriedInsteadOfRoutedSideBySide_andThenAcknowledgedAsADuplicate() throws Exception {
        RouterHandler slow = RouterRig.handler(lambda, LambdaInvokeServer.SLOW, Duration.ofSeconds(30), RouterRig.ENGINES.sqs(),
                RouterRig.routes(), RouterRig.queueUrls(), Clock.systemUTC());
        String id = UUID.randomUUID().toString();
        String body = event(id, "order.shipped", "{\"recipients\":[\"user-" + id + "\"]}");
        CompletableFuture<List<String>> firstCopy = CompletableFuture.supplyAsync(() -> run(slow, body));
        // the first copy holds the claim once it is inside its enrichment call
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (lambda.requests.stream().noneMatch(r -> r.notificationId().equals(id))) {
            assertThat(System.nanoTime()).as("the first copy never called enrichment").isLessThan(deadline);
            Thread.sleep(20);
        }

        assertThat(run(handler, body)).as("the second copy is handed back to SQS").containsExactly("m-0");
        assertThat(firstCopy.get(60, TimeUnit.SECONDS)).isEmpty();
        for (Channel c : java.util.List.of(Channel.WEBSOCKET, Channel.PUSH, Channel.EMAIL)) {
            assertThat(drain(c)).as(c.wireName()).singleElement().extracting(ChannelMessage::notificationId).isEqualTo(id);
        }
        assertThat(lambda.requests.stream().filter(r -> r.notificationId().equals(id))).hasSize(1);

        // SQS redelivers the second copy: now a duplicate of a routed notification
        assertThat(run(handler, body)).isEmpty();
        for (Channel c : java.util.List.of(Channel.WEBSOCKET, Channel.PUSH, Channel.EMAIL)) {
            assertThat(drain(c)).isEmpty();
        }
    }

    @Test
    void enrichment_failingOnEveryReceive_movesToTheDeadLetterQueueAfterMaxReceives_withItsReasonInTheLedger() {
        // The real ingress queue and its redrive policy (ElasticMQ moves a message to the DLQ as SQS does); each receive is
        // handed to the router as the event source mapping would, and a batch item failure leaves the message on the queue.
        SqsClient sqs = RouterRig.ENGINES.sqs();
        String ingress = RouterRig.ENGINES.queueUrl(HeraldTopology.QUEUE_INGRESS);
        String dlq = RouterRig.ENGINES.queueUrl(HeraldTopology.QUEUE_INGRESS + HeraldTopology.DLQ_SUFFIX);
        int maxReceives = RouterRig.ENGINES.topology().queues().stream().filter(q -> q.name().equals(HeraldTopology.QUEUE_INGRESS))
                .findFirst().orElseThrow().deadLetter().orElseThrow().maxReceiveCount();
        RouterRig.ENGINES.purge(HeraldTopology.QUEUE_INGRESS);
        RouterRig.ENGINES.purge(HeraldTopology.QUEUE_INGRESS + HeraldTopology.DLQ_SUFFIX);
        RouterHandler broken = RouterRig.handler(lambda, LambdaInvokeServer.BROKEN, RouterRig.routes(), RouterRig.queueUrls(),
                Clock.systemUTC());
        String id = UUID.randomUUID().toString();
        String body = event(id, "order.shipped", "{\"recipients\":[\"user-" + id + "\"]}");
        sqs.sendMessage(r -> r.queueUrl(ingress).messageBody(body));

        int invocations = 0;
        for (int i = 0; i < maxReceives + 3; i++) {
            List<Message> received = sqs.receiveMessage(r -> r.queueUrl(ingress).maxNumberOfMessages(1).visibilityTimeout(0).waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
            if (received.isEmpty()) {
                break;
            }
            invocations++;
            assertThat(run(broken, received)).containsExactly(received.get(0).messageId());
        }

        assertThat(invocations).isEqualTo(maxReceives);
        assertThat(sqs.receiveMessage(r -> r.queueUrl(dlq).waitTimeSeconds(1)).messages()).singleElement().extracting(Message::body)
                .isEqualTo(body);
        var why = row(DeliveryLedger.notificationKey(id));
        assertThat(why.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(why.attempts()).isEqualTo(maxReceives);
        assertThat(why.reason()).isEqualTo("enrichment function " + LambdaInvokeServer.BROKEN + " failed (FunctionError Unhandled): "
                + "java.lang.IllegalStateException: profiles table unreachable; see its logs");
    }

    @Test
    void failedRecord_comesBackAfterTheBackOff_notAfterTheWholeVisibilityTimeout() {
        SqsClient sqs = RouterRig.ENGINES.sqs();
        String ingress = RouterRig.ENGINES.queueUrl(HeraldTopology.QUEUE_INGRESS);
        String arn = sqs.getQueueAttributes(r -> r.queueUrl(ingress).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        RouterRig.ENGINES.purge(HeraldTopology.QUEUE_INGRESS);
        RouterHandler broken = RouterRig.handler(lambda, LambdaInvokeServer.BROKEN, RouterRig.routes(), RouterRig.queueUrls(),
                Clock.systemUTC());
        String id = UUID.randomUUID().toString();
        sqs.sendMessage(r -> r.queueUrl(ingress).messageBody(event(id, "order.shipped", "{\"recipients\":[\"user-" + id + "\"]}")));
        // received as the event source mapping receives it: invisible for 5 minutes unless the router says otherwise
        Message first = sqs.receiveMessage(r -> r.queueUrl(ingress).maxNumberOfMessages(1).visibilityTimeout(300).waitTimeSeconds(5)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages().getFirst();
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId(first.messageId());
        record.setReceiptHandle(first.receiptHandle());
        record.setEventSourceArn(arn);
        record.setBody(first.body());
        record.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(record));

        assertThat(RouterRig.failures(broken.handleRequest(event, null))).containsExactly(first.messageId());

        // the first back-off is at most a few seconds (IngressBackOff.BACKOFF), far below the 300 s it was received with
        assertThat(IngressBackOff.BACKOFF.delayBefore(1)).isLessThan(Duration.ofSeconds(10));
        List<Message> again = sqs.receiveMessage(r -> r.queueUrl(ingress).maxNumberOfMessages(1).waitTimeSeconds(20)).messages();
        assertThat(again).singleElement().extracting(Message::messageId).isEqualTo(first.messageId());
        sqs.deleteMessage(r -> r.queueUrl(ingress).receiptHandle(again.getFirst().receiptHandle()));
    }

    @Test
    void fanOut_retryAfterAPartialFailure_doesNotResendWhatAHandlerAlreadyHas() {
        RouterHandler pushGone = pushQueueDeleted();
        String id = UUID.randomUUID().toString();
        String user = "user-" + id;
        String body = event(id, "order.shipped", "{\"recipients\":[\"" + user + "\"]}");
        assertThat(run(pushGone, body)).containsExactly("m-0");
        List<ChannelMessage> websocket = drain(Channel.WEBSOCKET);
        assertThat(websocket).hasSize(1);
        // the websocket handler takes its message and sends it (its ledger claim and outcome); email's is still on its queue
        String ws = DeliveryIds.of(id, Channel.WEBSOCKET, user);
        assertThat(RouterRig.LEDGER.transition(ws, java.util.EnumSet.of(DeliveryStatus.QUEUED), DeliveryStatus.SENDING, null)).isTrue();
        assertThat(RouterRig.LEDGER.transition(ws, java.util.EnumSet.of(DeliveryStatus.SENDING), DeliveryStatus.SENT, null)).isTrue();

        // SQS redelivers the event; the push queue is back
        assertThat(run(handler, body)).isEmpty();

        assertThat(drain(Channel.WEBSOCKET)).as("already sent by its handler").isEmpty();
        assertThat(drain(Channel.PUSH)).singleElement().extracting(ChannelMessage::userId).isEqualTo(user);
        // still queued: the router cannot tell whether the first attempt's copy is on the queue, so it sends one (the handler's
        // claim makes the second copy harmless)
        assertThat(drain(Channel.EMAIL)).hasSize(2);
        assertThat(row(ws).status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(RouterRig.LEDGER.claimNotification(id, "order.shipped")).isEqualTo(DeliveryLedger.NotificationClaim.DONE);
    }

    @Test
    void fanOut_channelQueueDeleted_failsTheRecord_otherChannelsStillQueued() {
        RouterHandler pushGone = pushQueueDeleted();

        String id = UUID.randomUUID().toString();
        assertThat(run(pushGone, event(id, "order.shipped", "{\"recipients\":[\"user-" + id + "\"]}"))).containsExactly("m-0");
        assertThat(row(DeliveryIds.of(id, Channel.PUSH, "user-" + id)).status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(row(DeliveryIds.of(id, Channel.PUSH, "user-" + id)).reason()).startsWith("channel queue refused the message");
        assertThat(drain(Channel.WEBSOCKET)).hasSize(1);
        assertThat(drain(Channel.EMAIL)).hasSize(1);
    }

    /** A router whose push queue URL names a queue that has been deleted (SQS refuses every message); the other queues are real. */
    private static RouterHandler pushQueueDeleted() {
        String gone = RouterRig.ENGINES.sqs().createQueue(r -> r.queueName("router-it-gone-" + UUID.randomUUID())).queueUrl();
        RouterRig.ENGINES.sqs().deleteQueue(r -> r.queueUrl(gone));
        Map<Channel, String> urls = new HashMap<>(RouterRig.queueUrls());
        urls.put(Channel.PUSH, gone);
        return RouterRig.handler(lambda, LambdaInvokeServer.FUNCTION, RouterRig.routes(), urls, Clock.systemUTC());
    }
}
