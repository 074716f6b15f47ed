package dev.herald.router;

import static dev.herald.router.RouterRig.drain;
import static dev.herald.router.RouterRig.event;
import static dev.herald.router.RouterRig.row;
import static dev.herald.router.RouterRig.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.event.Channel;
import dev.herald.common.json.Json;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.orchestration.NotificationCancel;
import dev.herald.common.store.DynamoDbTopicStore;
import dev.herald.common.topology.HeraldTopology;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/** A large audience split into chunk messages on the real ingress queue (ElasticMQ), each routed on its own. */
class RouterChunksIT extends RouterHandlerFixture {
    private static final int SUBSCRIBERS = 250;

    @BeforeEach
    void emptyIngressQueue() {
        RouterRig.ENGINES.purge(HeraldTopology.QUEUE_INGRESS);
    }

    private static String topicOf(String id, int subscribers) {
        String topic = "crowd-" + id;
        var topics = new DynamoDbTopicStore(RouterRig.ENGINES.dynamo(), HeraldTopology.TABLE_TOPICS);
        for (int i = 0; i < subscribers; i++) {
            topics.subscribe(topic, String.format("fan%03d-%s", i, id));
        }
        return topic;
    }

    /** A {@code deal.started} event to a new topic of {@value #SUBSCRIBERS} subscribers on {@code channels} (JSON strings). */
    private static String crowdEvent(String id, String channels) {
        return event(id, "deal.started", "{\"recipients\":[\"topic:" + topicOf(id, SUBSCRIBERS) + "\"],\"channels\":[" + channels
                + "],\"data\":{\"dealName\":\"Crowd\"}}");
    }

    private static List<String> chunkUsers(Message chunk) {
        List<String> users = new ArrayList<>();
        Json.tree(chunk.messageAttributes().get(AudienceChunks.ATTRIBUTE).stringValue()).get("users").forEach(u -> users.add(u.asText()));
        return users;
    }

    @Test
    void topicOf250_isSplitIntoTenChunksOf25_soABatchOfChunksRoutesAtMost250Users_andEverySubscriberGetsOneMessagePerChannel() {
        String id = UUID.randomUUID().toString();
        String body = crowdEvent(id, "\"websocket\",\"push\"");

        assertThat(run(handler, body)).isEmpty();

        List<Message> chunks = RouterRig.drainIngress();
        // the bound on one invocation's work: no chunk holds more than USERS_PER_CHUNK users, and a batch holds at most 10
        assertThat(chunks).hasSize(10).allSatisfy(m -> assertThat(m.body()).isEqualTo(body));
        assertThat(chunks).extracting(m -> chunkUsers(m).size()).containsOnly(AudienceChunks.USERS_PER_CHUNK);
        Set<String> everyone = new HashSet<>();
        chunks.forEach(m -> everyone.addAll(chunkUsers(m)));
        assertThat(everyone).hasSize(SUBSCRIBERS);
        assertThat(lambda.requests).noneMatch(r -> r.notificationId().equals(id));
        assertThat(RouterRig.LEDGER.claimNotification(id, "deal.started")).isEqualTo(DeliveryLedger.NotificationClaim.DONE);

        assertThat(run(handler, chunks)).isEmpty();

        for (Channel c : List.of(Channel.WEBSOCKET, Channel.PUSH)) {
            List<ChannelMessage> queued = drain(c);
            assertThat(queued).as(c.wireName()).hasSize(SUBSCRIBERS).extracting(ChannelMessage::userId).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(everyone);
            assertThat(queued).extracting(ChannelMessage::notificationId).containsOnly(id);
        }
        assertThat(drain(Channel.EMAIL)).isEmpty();
        assertThat(lambda.requests.stream().filter(r -> r.notificationId().equals(id)).map(r -> r.userIds().size()).toList())
                .hasSize(10).containsOnly(AudienceChunks.USERS_PER_CHUNK);
        // one batch of ten chunks: three Invokes (100 + 100 + 50 users), not one per chunk
        assertThat(lambda.invocations.stream().filter(i -> i.stream().anyMatch(r -> r.notificationId().equals(id)))
                .map(i -> i.stream().mapToInt(r -> r.userIds().size()).sum()).toList()).containsExactly(100, 100, 50);
        String someone = chunkUsers(chunks.get(0)).get(0);
        assertThat(row(DeliveryIds.of(id, Channel.PUSH, someone)).status()).isEqualTo(DeliveryStatus.QUEUED);
    }

    @Test
    void chunkDeliveredTwice_isRoutedOnce() {
        String id = UUID.randomUUID().toString();
        String body = crowdEvent(id, "\"websocket\"");
        assertThat(run(handler, body)).isEmpty();
        List<Message> chunks = RouterRig.drainIngress();
        Message first = chunks.get(0);

        // the same chunk twice in one batch, then once more on its own (SQS's at-least-once delivery)
        assertThat(run(handler, List.of(first, first))).isEmpty();
        assertThat(run(handler, List.of(first))).isEmpty();

        assertThat(drain(Channel.WEBSOCKET)).extracting(ChannelMessage::userId).containsExactlyInAnyOrderElementsOf(chunkUsers(first));
        assertThat(lambda.requests.stream().filter(r -> r.notificationId().equals(id))).hasSize(1);

        // the rest of the audience, and the parent event redelivered: a duplicate that splits nothing again
        assertThat(run(handler, chunks.subList(1, chunks.size()))).isEmpty();
        assertThat(run(handler, body)).isEmpty();
        assertThat(RouterRig.drainIngress()).isEmpty();
        assertThat(drain(Channel.WEBSOCKET)).hasSize(SUBSCRIBERS - chunkUsers(first).size());
    }
    @Test
    void cancelWhileChunksWait_theChunksRoutedAfterIt_areWrittenCancelled_andNothingOfThemIsQueued() {
        String id = UUID.randomUUID().toString();
        String body = crowdEvent(id, "\"websocket\",\"push\"");
        assertThat(run(handler, body)).isEmpty();
        List<Message> chunks = RouterRig.drainIngress();
        assertThat(chunks).hasSize(10);

        // four chunks (100 users) routed before the cancel: their 200 queued rows are what the cancel finds
        assertThat(run(handler, chunks.subList(0, 4))).isEmpty();
        assertThat(drain(Channel.WEBSOCKET)).hasSize(100);
        assertThat(drain(Channel.PUSH)).hasSize(100);
        var cancel = new NotificationCancel(RouterRig.ENGINES.dynamo(), HeraldTopology.TABLE_DELIVERIES, RouterRig.LEDGER);
        assertThat(cancel.cancel(id)).isEqualTo(new NotificationCancel.Result.Cancelled(200, 0));
        int enrichedBefore = lambda.requests.size();

        // the six chunks still waiting: routed after the cancel, nothing queued, every row cancelled with the operator's reason
        assertThat(run(handler, chunks.subList(4, 10))).isEmpty();
        assertThat(drain(Channel.WEBSOCKET)).isEmpty();
        assertThat(drain(Channel.PUSH)).isEmpty();
        assertThat(lambda.requests).as("nothing rendered for a cancelled audience").hasSize(enrichedBefore);
        List<String> later = new ArrayList<>();
        chunks.subList(4, 10).forEach(m -> later.addAll(chunkUsers(m)));
        assertThat(later).hasSize(150);
        for (String user : later) {
            for (Channel c : List.of(Channel.WEBSOCKET, Channel.PUSH)) {
                var row = row(DeliveryIds.of(id, c, user));
                assertThat(row.status()).as(user + " " + c.wireName()).isEqualTo(DeliveryStatus.CANCELLED);
                assertThat(row.reason()).isEqualTo(NotificationCancel.REASON);
            }
        }
        // the first four chunks' rows were cancelled by the cancel itself; a second cancel finds all 500 final
        assertThat(cancel.cancel(id)).isEqualTo(new NotificationCancel.Result.Cancelled(0, 500));
    }

    @Test
    void cancelBeforeAnyChunkIsRouted_isAccepted_andTheWholeAudienceIsWrittenCancelled() {
        String id = UUID.randomUUID().toString();
        String body = crowdEvent(id, "\"websocket\"");
        var cancel = new NotificationCancel(RouterRig.ENGINES.dynamo(), HeraldTopology.TABLE_DELIVERIES, RouterRig.LEDGER);
        assertThat(cancel.cancel(id)).as("before the router saw it").isEqualTo(new NotificationCancel.Result.NotFound());

        assertThat(run(handler, body)).isEmpty();
        List<Message> chunks = RouterRig.drainIngress();
        // split into chunks, none routed yet: no delivery row exists, but the notification is known and the cancel holds
        assertThat(cancel.cancel(id)).isEqualTo(new NotificationCancel.Result.Cancelled(0, 0));

        assertThat(run(handler, chunks)).isEmpty();
        assertThat(drain(Channel.WEBSOCKET)).isEmpty();
        List<String> ids = new ArrayList<>();
        chunks.forEach(m -> chunkUsers(m).forEach(u -> ids.add(DeliveryIds.of(id, Channel.WEBSOCKET, u))));
        assertThat(RouterRig.LEDGER.findAll(ids).values()).hasSize(SUBSCRIBERS)
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(DeliveryStatus.CANCELLED));
    }
}
