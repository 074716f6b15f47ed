package dev.herald.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.store.DynamoDbRouteStore;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.testing.ManualClock;
import dev.herald.common.topology.HeraldTopology;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The router's routes from the Routes table on DynamoDB Local: a write reaches the next batch through the version item. */
class TableRoutesIT {
    private static final LocalEngines ENGINES = LocalEngines.get();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T05:00:00Z"));
    private final DynamoDbRouteStore store = new DynamoDbRouteStore(ENGINES.dynamo(), HeraldTopology.TABLE_ROUTES, clock);

    @BeforeEach
    void empty() {
        store.list().forEach(r -> store.delete(r.routeId()));
    }

    private static String route(String name, String detailType) {
        return "{\"name\":\"" + name + "\",\"pattern\":{\"detail-type\":[\"" + detailType + "\"]},\"channels\":[\"websocket\"]}";
    }

    private static String event(String detailType) {
        return "{\"version\":\"0\",\"id\":\"e-" + detailType + "\",\"detail-type\":\"" + detailType + "\",\"source\":\"shop\","
                + "\"account\":\"1\",\"time\":\"2026-12-07T05:00:00Z\",\"region\":\"eu-west-1\",\"resources\":[],"
                + "\"detail\":{\"recipients\":[\"u1\"],\"data\":{}}}";
    }

    @Test
    void get_afterAPutRaisedTheVersion_routesWithTheNewRouteAtOnce() {
        TableRoutes routes = new TableRoutes(store, clock, Duration.ZERO);
        assertThat(routes.get().plan(event("order.placed"))).isInstanceOf(RoutingPlan.Unrouted.class);

        store.put("placed", route("placed", "order.placed"));

        assertThat(routes.get().plan(event("order.placed"))).isNotInstanceOf(RoutingPlan.Unrouted.class);
        store.delete("placed");
        assertThat(routes.get().plan(event("order.placed"))).isInstanceOf(RoutingPlan.Unrouted.class);
    }

    @Test
    void get_withinTheCheckInterval_readsNothingThenSeesTheChange() {
        TableRoutes routes = new TableRoutes(store, clock, Duration.ofSeconds(5));
        RoutePlanner first = routes.get();
        store.put("placed", route("placed", "order.placed"));

        assertThat(routes.get()).isSameAs(first);
        clock.advance(Duration.ofSeconds(5));
        assertThat(routes.get().plan(event("order.placed"))).isNotInstanceOf(RoutingPlan.Unrouted.class);
    }

    @Test
    void get_aDocumentThatDoesNotParse_isLeftOutAndTheOthersRoute() {
        store.put("placed", route("placed", "order.placed"));
        store.put("broken", "{\"name\":\"broken\",\"pattern\":{\"detail-type\":\"not-an-array\"},\"channels\":[\"websocket\"]}");

        RoutePlanner planner = new TableRoutes(store, clock, Duration.ZERO).get();

        assertThat(planner.plan(event("order.placed"))).isNotInstanceOf(RoutingPlan.Unrouted.class);
    }
}
