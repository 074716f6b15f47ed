package dev.herald.common.store;

import dev.herald.common.aws.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * One {@code BatchGetItem} read of up to 100 keys over one or more tables, with the {@code UnprocessedKeys} that
 * DynamoDB hands back under throttling requested again after a {@link Backoff}, as the API asks: "If DynamoDB returns
 * any unprocessed items, you should retry the batch operation on those items [...] with exponential backoff".
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html
 */
public final class BatchGetItems {
    /** The stores' default: 50 ms doubling to at most 1 s, 6 calls in all. */
    public static final Backoff DEFAULT_BACKOFF = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(1), 6);

    private BatchGetItems() {
    }

    /**
     * Reads every key of {@code request}.
     *
     * @param what   what the keys are, for the error (e.g. {@code "profile keys of table herald-profiles"})
     * @param advice what the caller should do when throttling outlasts the attempts
     * @return the items found, per table (a table with none found is absent)
     * @throws StoreException when keys are still unprocessed after {@link Backoff#maxAttempts()} calls
     */
    public static Map<String, List<Map<String, AttributeValue>>> read(DynamoDbClient dynamo, Map<String, KeysAndAttributes> request,
                                                                      Backoff backoff, String what, String advice) {
        int total = request.values().stream().mapToInt(k -> k.keys().size()).sum();
        Map<String, List<Map<String, AttributeValue>>> found = new HashMap<>();
        Map<String, KeysAndAttributes> pending = request;
        for (int attempt = 1; ; attempt++) {
            Map<String, KeysAndAttributes> current = pending;
            BatchGetItemResponse response = dynamo.batchGetItem(r -> r.requestItems(current));
            response.responses().forEach((table, items) -> found.computeIfAbsent(table, t -> new ArrayList<>()).addAll(items));
            pending = unprocessed(response);
            if (pending.isEmpty()) {
                return found;
            }
            int left = pending.values().stream().mapToInt(k -> k.keys().size()).sum();
            if (attempt >= backoff.maxAttempts()) {
                throw new StoreException("DynamoDB left " + left + " of " + total + " " + what + " unprocessed after " + attempt
                        + " BatchGetItem attempts (throttled); " + advice);
            }
            backoff.sleepBefore(attempt);
        }
    }

    private static Map<String, KeysAndAttributes> unprocessed(BatchGetItemResponse response) {
        Map<String, KeysAndAttributes> left = new HashMap<>();
        if (response.hasUnprocessedKeys()) {
            response.unprocessedKeys().forEach((table, keys) -> {
                if (keys.hasKeys() && !keys.keys().isEmpty()) {
                    left.put(table, keys);
                }
            });
        }
        return left;
    }
}
