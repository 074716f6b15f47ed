package dev.herald.local.testing;

import dev.herald.common.json.Json;
import dev.herald.common.store.DynamoDbRouteStore;
import dev.herald.common.testing.Fixtures;
import dev.herald.common.topology.HeraldTopology;
import java.net.URI;
import java.time.Clock;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The end-to-end tests' {@code order-shipped} route: the demo's, but sending on every channel at once (fixture
 * {@code route-order-shipped-all-at-once.json}). The demo's own route is WebSocket-first (push after 30 s, email after
 * 15 min, unless read: {@code DemoOrderRouteIT}); the tests that publish {@code order.shipped} to see a frame, a push and
 * an email together put this one over it after seeding. A put raises the Routes table's version, and herald up's router
 * checks the version on every batch, so every event published after {@link #install} routes with it.
 */
public final class AllAtOnceOrderRoute {
    /** The route's id in the Routes table: the demo route it replaces. */
    public static final String ROUTE_ID = "order-shipped";

    private AllAtOnceOrderRoute() {
    }

    /** Puts the all-at-once route in the Routes table that {@code dynamo} reaches. */
    public static void install(DynamoDbClient dynamo) {
        new DynamoDbRouteStore(dynamo, HeraldTopology.TABLE_ROUTES, Clock.systemUTC())
                .put(ROUTE_ID, Json.write(Json.tree(Fixtures.read("route-order-shipped-all-at-once.json"))));
    }

    /** Puts the all-at-once route in the Routes table of the herald up whose edge answers at {@code edge}. */
    public static void install(URI edge, String region) {
        try (DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(edge).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            install(dynamo);
        }
    }
}
