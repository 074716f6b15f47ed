package dev.herald.common.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/** {@link TopicSettingsStore} on the TopicSettings table; items are {@code {topic: S, selfService: BOOL}}. */
public final class DynamoDbTopicSettingsStore implements TopicSettingsStore {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbTopicSettingsStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public TopicSettings find(String topic) {
        var item = dynamo.getItem(r -> r.tableName(table).key(Map.of("topic", AttributeValue.fromS(topic)))).item();
        return item == null || item.isEmpty() ? TopicSettings.defaults(topic) : fromItem(item);
    }

    @Override
    public Map<String, TopicSettings> findAll(Collection<String> topics) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(topics));
        Map<String, TopicSettings> found = new HashMap<>();
        distinct.forEach(t -> found.put(t, TopicSettings.defaults(t)));
        for (int from = 0; from < distinct.size(); from += PreferenceStore.MAX_BATCH) {
            List<Map<String, AttributeValue>> keys = distinct.subList(from, Math.min(distinct.size(), from + PreferenceStore.MAX_BATCH)).stream()
                    .map(t -> Map.of("topic", AttributeValue.fromS(t))).toList();
            BatchGetItems.read(dynamo, Map.of(table, KeysAndAttributes.builder().keys(keys).build()), BatchGetItems.DEFAULT_BACKOFF,
                            "topic settings of table " + table, "retry later or raise the table's read capacity")
                    .getOrDefault(table, List.of()).forEach(item -> {
                        TopicSettings s = fromItem(item);
                        found.put(s.topic(), s);
                    });
        }
        return found;
    }

    @Override
    public void put(TopicSettings settings) {
        dynamo.putItem(r -> r.tableName(table).item(Map.of("topic", AttributeValue.fromS(settings.topic()),
                "selfService", AttributeValue.fromBool(settings.selfService()))));
    }

    private static TopicSettings fromItem(Map<String, AttributeValue> item) {
        AttributeValue self = item.get("selfService");
        return new TopicSettings(item.get("topic").s(), self != null && Boolean.TRUE.equals(self.bool()));
    }
}
