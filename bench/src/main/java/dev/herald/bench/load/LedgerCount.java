package dev.herald.bench.load;

import dev.herald.common.store.BatchGetItems;
import dev.herald.common.time.SortableInstants;
import dev.herald.common.topology.HeraldTopology;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Counts a run's rows in the delivery ledger: for each recipient, the rows created since the run began whose
 * notification id has the run's prefix - by channel and status. Reads only that window of the {@code byUser}
 * index, so it stays cheap as the ledger grows.
 */
final class LedgerCount {
    private LedgerCount() {
    }

    /**
     * {@code channel/status} to rows, e.g. {@code websocket/sent}. The {@code byUser} index projects keys only, so the
     * index gives the run's delivery ids (they begin with the notification id) and the rows are read with BatchGetItem.
     */
    static Map<String, Integer> byChannelAndStatus(DynamoDbClient dynamo, Collection<String> users, String prefix, Instant since) {
        List<String> ids = new ArrayList<>();
        for (String user : users) {
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                QueryResponse page = dynamo.query(QueryRequest.builder().tableName(HeraldTopology.TABLE_DELIVERIES)
                        .indexName(HeraldTopology.INDEX_BY_USER)
                        .keyConditionExpression("userId = :u AND createdAt >= :t")
                        .filterExpression("begins_with(deliveryId, :p)")
                        .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(user),
                                ":t", AttributeValue.fromS(SortableInstants.format(since)), ":p", AttributeValue.fromS(prefix + "-")))
                        .exclusiveStartKey(from).build());
                page.items().forEach(item -> ids.add(item.get("deliveryId").s()));
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
        }
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < ids.size(); i += 100) {
            List<Map<String, AttributeValue>> keys = ids.subList(i, Math.min(ids.size(), i + 100)).stream()
                    .map(id -> Map.of("deliveryId", AttributeValue.fromS(id))).toList();
            Map<String, List<Map<String, AttributeValue>>> rows = BatchGetItems.read(dynamo,
                    Map.of(HeraldTopology.TABLE_DELIVERIES, KeysAndAttributes.builder().keys(keys)
                            .projectionExpression("#s, #c").expressionAttributeNames(Map.of("#s", "status", "#c", "channel")).build()),
                    BatchGetItems.DEFAULT_BACKOFF, "the bench run's ledger rows", "run the bench again on a quieter machine");
            for (Map<String, AttributeValue> item : rows.getOrDefault(HeraldTopology.TABLE_DELIVERIES, List.of())) {
                String channel = item.containsKey("channel") ? item.get("channel").s() : "-";
                String status = item.containsKey("status") ? item.get("status").s() : "-";
                counts.merge(channel + "/" + status, 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Rows that reached sent or delivered (or read): what "delivered without loss" counts. */
    static int done(Map<String, Integer> counts, String channel) {
        return counts.getOrDefault(channel + "/sent", 0) + counts.getOrDefault(channel + "/delivered", 0)
                + counts.getOrDefault(channel + "/read", 0);
    }

    static int doneAll(Map<String, Integer> counts) {
        return done(counts, "websocket") + done(counts, "push") + done(counts, "email");
    }

    /**
     * Polls until {@code expected} deliveries are done or {@code timeoutMillis} passed; returns the last counts.
     */
    static Map<String, Integer> await(DynamoDbClient dynamo, Collection<String> users, String prefix, Instant since, int expected,
                                      long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        Map<String, Integer> counts = byChannelAndStatus(dynamo, users, prefix, since);
        while (doneAll(counts) < expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            counts = byChannelAndStatus(dynamo, users, prefix, since);
        }
        return counts;
    }
}
