package dev.herald.common.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.common.aws.Backoff;
import dev.herald.common.store.ProfileStore.Profile;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.topology.HeraldTopology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;

class DynamoDbProfileStoreIT {
    private static final Backoff FAST = new Backoff(Duration.ofMillis(1), Duration.ofMillis(5), 4);
    private final LocalEngines engines = LocalEngines.get();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void findAll_250Users_readsInChunksOf100AndSkipsUnknownDuplicateAndBlankIds() {
        List<String> known = IntStream.range(0, 250).mapToObj(i -> "u-" + run + "-" + i).toList();
        for (int i = 0; i < known.size(); i++) {
            putProfile(known.get(i), "Name " + i);
        }
        List<Integer> chunkSizes = new CopyOnWriteArrayList<>();
        ProfileStore store = new DynamoDbProfileStore(countingClient(chunkSizes), HeraldTopology.TABLE_PROFILES);
        List<String> asked = new ArrayList<>(known);
        asked.addAll(List.of(known.get(0), "", "nobody-" + run));

        Map<String, Profile> found = store.findAll(asked);

        assertThat(found).hasSize(250).containsOnlyKeys(known);
        assertThat(chunkSizes).containsExactly(100, 100, 51);
        Profile p = found.get(known.get(7));
        assertThat(p).isEqualTo(new Profile(known.get(7), "Name 7", known.get(7) + "@example.com", "fr-CA", "America/Montreal"));
    }

    @Test
    void find_knownAndUnknownUser_returnsTheProfileOrEmpty() {
        String user = "u-" + run;
        putProfile(user, "Ada");
        ProfileStore store = new DynamoDbProfileStore(engines.dynamo(), HeraldTopology.TABLE_PROFILES);

        assertThat(store.find(user)).map(Profile::locale).contains("fr-CA");
        assertThat(store.find("nobody-" + run)).isEmpty();
    }

    @Test
    void findAll_unprocessedKeys_reRequestsOnlyThoseUntilAllAreRead() throws Exception {
        List<String> ids = IntStream.range(0, 5).mapToObj(i -> "t-" + i).toList();
        try (var server = new BatchGetItemServer("profiles", (call, requested) -> call == 1 ? requested.subList(2, 5)
                : call == 2 ? requested.subList(0, 1) : List.of())) {
            ProfileStore store = new DynamoDbProfileStore(client(server), "profiles", FAST);

            Map<String, Profile> found = store.findAll(ids);

            assertThat(found).containsOnlyKeys(ids);
            assertThat(found.get("t-3").displayName()).isEqualTo("Name of t-3");
            assertThat(server.calls()).containsExactly(ids, List.of("t-2", "t-3", "t-4"), List.of("t-2"));
        }
    }

    @Test
    void findAll_keysUnprocessedOnEveryAttempt_throwsNamingTheTableAndCount() throws Exception {
        try (var server = new BatchGetItemServer("profiles", (call, requested) -> requested.subList(requested.size() - 1, requested.size()))) {
            ProfileStore store = new DynamoDbProfileStore(client(server), "profiles", FAST);

            assertThatThrownBy(() -> store.findAll(List.of("a", "b", "c")))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("left 1 of 3 profile keys of table profiles unprocessed after 4 BatchGetItem attempts");
            assertThat(server.calls()).hasSize(4);
        }
    }

    private void putProfile(String user, String name) {
        engines.dynamo().putItem(r -> r.tableName(HeraldTopology.TABLE_PROFILES).item(Map.of(
                "userId", AttributeValue.fromS(user), "displayName", AttributeValue.fromS(name),
                "email", AttributeValue.fromS(user + "@example.com"), "locale", AttributeValue.fromS("fr-CA"),
                "timeZone", AttributeValue.fromS("America/Montreal"))));
    }

    private DynamoDbClient countingClient(List<Integer> chunkSizes) {
        ExecutionInterceptor counter = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof BatchGetItemRequest r) {
                    chunkSizes.add(r.requestItems().get(HeraldTopology.TABLE_PROFILES).keys().size());
                }
            }
        };
        return DynamoDbClient.builder().endpointOverride(engines.dynamoEndpoint()).region(LocalEngines.REGION)
                .credentialsProvider(LocalEngines.CREDENTIALS).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(counter)).build();
    }

    private static DynamoDbClient client(BatchGetItemServer server) {
        return DynamoDbClient.builder().endpointOverride(server.endpoint()).region(LocalEngines.REGION)
                .credentialsProvider(LocalEngines.CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
    }
}
