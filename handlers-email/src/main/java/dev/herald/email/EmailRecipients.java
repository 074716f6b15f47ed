package dev.herald.email;

import dev.herald.common.store.DynamoDbEmailSubscriptionStore;
import dev.herald.common.store.DynamoDbSuppressionStore;
import dev.herald.common.store.EmailSubscriptionStore.EmailSubscription;
import dev.herald.common.store.SuppressionStore.Suppression;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import dev.herald.common.store.BatchGetItems;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Reads what an email delivery needs to know about its recipient: the user's subscription and whether its
 * address is suppressed, both read consistently.
 *
 * <p>The suppression list is keyed by address and the address is in the subscription, so the first delivery
 * to a user in this container reads them one after another (two {@code GetItem}s). It remembers the address
 * (in memory, for the {@value #REMEMBERED} users delivered to last): the next delivery to that user reads the
 * subscription and that address's suppression in one {@code BatchGetItem} over both tables. If the subscription
 * then names another address (the user changed it), that address's suppression is read with a {@code GetItem}:
 * the answer is always the one for the address the subscription holds now. {@code UnprocessedKeys} (throttling)
 * are requested again with exponential backoff, as the API asks.
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html
 *
 * <p>Thread-safe: the deliveries of one batch call it at once.
 */
final class EmailRecipients {
    /** How many users' addresses are remembered (least recently delivered to forgotten first): about 1 MB at most. */
    static final int REMEMBERED = 10_000;

    /**
     * The user's subscription, and the suppression read ahead for {@code prefetchedFor} (null: none read yet).
     * Pass it to {@link #suppression(Found)}.
     */
    record Found(Optional<EmailSubscription> subscription, String prefetchedFor, Optional<Suppression> prefetched) {
    }

    private final DynamoDbClient dynamo;
    private final DynamoDbEmailSubscriptionStore subscriptions;
    private final DynamoDbSuppressionStore suppressions;
    private final String subscriptionsTable;
    private final String suppressionsTable;
    private final Map<String, String> addresses = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED;
        }
    });

    EmailRecipients(DynamoDbClient dynamo, String subscriptionsTable, String suppressionsTable) {
        this.dynamo = dynamo;
        this.subscriptions = new DynamoDbEmailSubscriptionStore(dynamo, subscriptionsTable);
        this.suppressions = new DynamoDbSuppressionStore(dynamo, suppressionsTable);
        this.subscriptionsTable = subscriptionsTable;
        this.suppressionsTable = suppressionsTable;
    }

    /** The user's subscription; with the suppression of the address it had last time, read in the same request. */
    Found find(String userId) {
        String remembered = addresses.get(userId);
        Found found = remembered == null
                ? new Found(subscriptions.find(userId), null, Optional.empty())
                : readBoth(userId, DynamoDbSuppressionStore.canonical(remembered));
        // only an address that can be a key: the suppression of an invalid one is never read (the delivery is rejected)
        found.subscription().filter(s -> EmailAddresses.problem(s.address()).isEmpty())
                .ifPresentOrElse(s -> addresses.put(userId, s.address()), () -> addresses.remove(userId));
        return found;
    }

    /** The suppression of the found subscription's address: the one read ahead if it was for that address, else read now. */
    Optional<Suppression> suppression(Found found) {
        String address = DynamoDbSuppressionStore.canonical(found.subscription().orElseThrow().address());
        return address.equals(found.prefetchedFor()) ? found.prefetched() : suppressions.find(address);
    }

    private Found readBoth(String userId, String address) {
        Map<String, AttributeValue> subscriptionKey = DynamoDbEmailSubscriptionStore.key(userId);
        Map<String, AttributeValue> suppressionKey = DynamoDbSuppressionStore.key(address);
        Map<String, KeysAndAttributes> request = Map.of(
                subscriptionsTable, KeysAndAttributes.builder().keys(List.of(subscriptionKey)).consistentRead(true).build(),
                suppressionsTable, KeysAndAttributes.builder().keys(List.of(suppressionKey)).consistentRead(true).build());
        Map<String, Map<String, AttributeValue>> items = new HashMap<>();
        BatchGetItems.read(dynamo, request, BatchGetItems.DEFAULT_BACKOFF, "subscription and suppression keys",
                        "SQS retries the delivery; raise the tables' read capacity if it persists")
                .forEach((table, rows) -> rows.forEach(row -> items.put(table, row)));
        return new Found(DynamoDbEmailSubscriptionStore.fromItem(items.get(subscriptionsTable)), address,
                DynamoDbSuppressionStore.fromItem(items.get(suppressionsTable)));
    }

}
