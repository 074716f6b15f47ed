package dev.herald.email;

import static dev.herald.email.EmailFixtures.addressOf;
import static dev.herald.email.EmailFixtures.newUser;
import static dev.herald.email.EmailFixtures.subscription;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.store.DynamoDbEmailSubscriptionStore;
import dev.herald.common.store.DynamoDbSuppressionStore;
import dev.herald.common.store.EmailSubscriptionStore;
import dev.herald.common.store.EmailSubscriptionStore.EmailSubscription;
import dev.herald.common.store.EmailSubscriptionStore.Status;
import dev.herald.common.store.SuppressionStore;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.topology.HeraldTopology;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;

/**
 * {@link EmailRecipients} on DynamoDB Local, counting the requests the SDK makes: two {@code GetItem}s the first
 * time, one {@code BatchGetItem} over both tables after that, and always the suppression of the current address.
 */
class EmailRecipientsIT {
    private static final String SUBSCRIPTIONS = HeraldTopology.TABLE_EMAIL_SUBSCRIPTIONS;
    private static final String SUPPRESSIONS = HeraldTopology.TABLE_SUPPRESSIONS;

    /** Records each operation's name; can make the first {@code n} BatchGetItems hand back the suppression key unprocessed. */
    private static final class Requests implements ExecutionInterceptor {
        final List<String> operations = new CopyOnWriteArrayList<>();
        final AtomicInteger throttleBatches = new AtomicInteger();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        }

        @Override
        public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
            if (context.response() instanceof BatchGetItemResponse response && context.request() instanceof BatchGetItemRequest request
                    && request.requestItems().containsKey(SUPPRESSIONS) && throttleBatches.getAndDecrement() > 0) {
                // as a throttled table answers: the suppression key comes back unprocessed, its item not read
                var responses = new java.util.HashMap<>(response.responses());
                responses.remove(SUPPRESSIONS);
                return response.toBuilder().responses(responses)
                        .unprocessedKeys(java.util.Map.of(SUPPRESSIONS, request.requestItems().get(SUPPRESSIONS))).build();
            }
            return context.response();
        }

        List<String> since(int from) {
            return operations.subList(from, operations.size());
        }
    }

    private final Requests requests = new Requests();
    private final DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(LocalEngines.get().dynamoEndpoint())
            .region(LocalEngines.REGION).credentialsProvider(LocalEngines.CREDENTIALS).httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(c -> c.addExecutionInterceptor(requests)).build();
    private final EmailRecipients recipients = new EmailRecipients(dynamo, SUBSCRIPTIONS, SUPPRESSIONS);
    private final EmailSubscriptionStore subscriptions = new DynamoDbEmailSubscriptionStore(LocalEngines.get().dynamo(), SUBSCRIPTIONS);
    private final SuppressionStore suppressions = new DynamoDbSuppressionStore(LocalEngines.get().dynamo(), SUPPRESSIONS);

    private void suppress(String address) {
        suppressions.suppress(new SuppressionStore.Suppression(address, SuppressionStore.Reason.BOUNCE, Instant.parse("2026-11-01T10:00:00Z"), "fb-1"));
    }

    private java.util.Optional<SuppressionStore.Suppression> lookUp(String user) {
        EmailRecipients.Found found = recipients.find(user);
        return recipients.suppression(found);
    }

    @Test
    void find_firstDeliveryToAUser_readsTheSubscriptionThenTheSuppression() {
        String user = newUser();
        subscriptions.put(subscription(user, Status.CONFIRMED));
        int from = requests.operations.size();

        assertThat(lookUp(user)).isEmpty();

        assertThat(requests.since(from)).containsExactly("GetItem", "GetItem");
    }

    @Test
    void find_laterDeliveryToTheUser_readsBothInOneBatchGetItem() {
        String user = newUser();
        subscriptions.put(subscription(user, Status.CONFIRMED));
        assertThat(lookUp(user)).isEmpty();
        suppress(addressOf(user).toUpperCase());
        int from = requests.operations.size();

        assertThat(lookUp(user)).get().extracting(SuppressionStore.Suppression::reason).isEqualTo(SuppressionStore.Reason.BOUNCE);

        assertThat(requests.since(from)).containsExactly("BatchGetItem");
    }

    @Test
    void find_whenTheUserChangedAddress_readsTheSuppressionOfTheNewOne() {
        String user = newUser();
        subscriptions.put(subscription(user, Status.CONFIRMED));
        assertThat(lookUp(user)).isEmpty();
        String changed = "changed-" + addressOf(user);
        EmailSubscription old = subscription(user, Status.CONFIRMED);
        subscriptions.put(new EmailSubscription(user, changed, Status.CONFIRMED, old.unsubscribeToken(), old.createdAt(), old.confirmedAt(), old.updatedAt()));
        suppress(changed);
        int from = requests.operations.size();

        EmailRecipients.Found found = recipients.find(user);
        assertThat(found.subscription()).get().extracting(EmailSubscription::address).isEqualTo(changed);
        assertThat(recipients.suppression(found)).isPresent();

        assertThat(requests.since(from)).containsExactly("BatchGetItem", "GetItem");
        // the new address is remembered: the next delivery is one request again
        int next = requests.operations.size();
        assertThat(lookUp(user)).isPresent();
        assertThat(requests.since(next)).containsExactly("BatchGetItem");
    }

    @Test
    void find_whenTheSubscriptionIsGone_forgetsTheAddress() {
        String user = newUser();
        subscriptions.put(subscription(user, Status.CONFIRMED));
        assertThat(lookUp(user)).isEmpty();
        LocalEngines.get().dynamo().deleteItem(r -> r.tableName(SUBSCRIPTIONS).key(DynamoDbEmailSubscriptionStore.key(user)));

        assertThat(recipients.find(user).subscription()).isEmpty();
        int from = requests.operations.size();
        assertThat(recipients.find(user).subscription()).isEmpty();
        assertThat(requests.since(from)).containsExactly("GetItem");
    }

    @Test
    void find_whenDynamoDbLeavesTheSuppressionKeyUnprocessed_requestsItAgain() {
        String user = newUser();
        subscriptions.put(subscription(user, Status.CONFIRMED));
        assertThat(lookUp(user)).isEmpty();
        suppress(addressOf(user));
        requests.throttleBatches.set(2);
        int from = requests.operations.size();

        assertThat(lookUp(user)).isPresent();

        assertThat(requests.since(from)).containsExactly("BatchGetItem", "BatchGetItem", "BatchGetItem");
    }
}
