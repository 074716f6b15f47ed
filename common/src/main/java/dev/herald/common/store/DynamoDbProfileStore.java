package dev.herald.common.store;

import dev.herald.common.aws.Backoff;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * {@link ProfileStore} on the Profiles table (PK {@code userId}; attributes {@code displayName},
 * {@code email}, {@code locale}, {@code timeZone}, all strings).
 *
 * <p>{@link #findAll} reads with BatchGetItem, 100 keys per call (the API's limit), and re-requests
 * the {@code UnprocessedKeys} DynamoDB hands back under throttling, with exponential backoff as the
 * API reference asks: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html
 * Keys still unprocessed after the last attempt raise a {@link StoreException}.
 */
public final class DynamoDbProfileStore implements ProfileStore {
    /** BatchGetItem reads at most 100 keys per call. */
    public static final int BATCH_SIZE = 100;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Backoff backoff;

    public DynamoDbProfileStore(DynamoDbClient dynamo, String table) {
        this(dynamo, table, BatchGetItems.DEFAULT_BACKOFF);
    }

    /** @param backoff delays and attempts for unprocessed keys */
    public DynamoDbProfileStore(DynamoDbClient dynamo, String table, Backoff backoff) {
        this.dynamo = dynamo;
        this.table = table;
        this.backoff = backoff;
    }

    @Override
    public Optional<Profile> find(String userId) {
        if (userId == null || userId.isBlank()) {
            return Optional.empty();
        }
        var item = dynamo.getItem(r -> r.tableName(table).key(key(userId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public Map<String, Profile> findAll(Collection<String> userIds) {
        // BatchGetItem rejects duplicate and empty keys (ValidationException), so both are dropped first.
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(userIds.stream().filter(id -> id != null && !id.isBlank()).toList()));
        Map<String, Profile> found = new HashMap<>();
        for (int from = 0; from < ids.size(); from += BATCH_SIZE) {
            readChunk(ids.subList(from, Math.min(ids.size(), from + BATCH_SIZE)), found);
        }
        return found;
    }

    private void readChunk(List<String> ids, Map<String, Profile> found) {
        Map<String, KeysAndAttributes> request = Map.of(table,
                KeysAndAttributes.builder().keys(ids.stream().map(DynamoDbProfileStore::key).toList()).build());
        BatchGetItems.read(dynamo, request, backoff, "profile keys of table " + table,
                        "the caller should retry later, and the table may need more read capacity")
                .getOrDefault(table, List.of()).forEach(item -> {
                    Profile p = fromItem(item);
                    found.put(p.userId(), p);
                });
    }

    private static Map<String, AttributeValue> key(String userId) {
        return Map.of("userId", AttributeValue.fromS(userId));
    }

    private static Profile fromItem(Map<String, AttributeValue> item) {
        return new Profile(string(item, "userId"), string(item, "displayName"), string(item, "email"),
                string(item, "locale"), string(item, "timeZone"));
    }

    private static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }
}
