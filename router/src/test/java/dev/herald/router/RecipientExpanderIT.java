package dev.herald.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.event.Recipient;
import dev.herald.common.store.DynamoDbTopicStore;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.topology.HeraldTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

class RecipientExpanderIT {
    private final DynamoDbTopicStore topics = new DynamoDbTopicStore(LocalEngines.get().dynamo(), HeraldTopology.TABLE_TOPICS);

    private static void subscribeMany(String topic, int count) {
        List<WriteRequest> writes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(java.util.Map.of(
                    "topic", AttributeValue.fromS(topic), "userId", AttributeValue.fromS(String.format("s%04d", i)))).build()).build());
        }
        for (int from = 0; from < writes.size(); from += 25) {
            List<WriteRequest> chunk = writes.subList(from, Math.min(writes.size(), from + 25));
            LocalEngines.get().dynamo().batchWriteItem(r -> r.requestItems(java.util.Map.of(HeraldTopology.TABLE_TOPICS, chunk)));
        }
    }

    @Test
    void chunks_largeTopic_readInPagesAndChunkedWithoutDuplicates() {
        String topic = "big-" + UUID.randomUUID();
        subscribeMany(topic, 250);
        List<List<String>> chunks = new ArrayList<>();
        new RecipientExpander(topics, 100).chunks(List.of(new Recipient.User("s0007"), new Recipient.Topic(topic),
                new Recipient.User("direct"), new Recipient.User("s0249"))).forEachRemaining(chunks::add);

        assertThat(chunks).extracting(List::size).containsExactly(100, 100, 51);
        List<String> all = chunks.stream().flatMap(List::stream).toList();
        assertThat(all).doesNotHaveDuplicates().hasSize(251).startsWith("s0007", "s0000").endsWith("s0249", "direct");
    }

    @Test
    void chunks_emptyTopicAndRepeatedUsers_giveDistinctUsers() {
        List<List<String>> chunks = new ArrayList<>();
        new RecipientExpander(topics, 2).chunks(List.of(new Recipient.Topic("empty-" + UUID.randomUUID()), new Recipient.User("a"),
                new Recipient.User("b"), new Recipient.User("a"), new Recipient.User("c"))).forEachRemaining(chunks::add);
        assertThat(chunks).containsExactly(List.of("a", "b"), List.of("c"));
    }
}
