package dev.herald.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.event.ruler.Machine;

/**
 * The planner matches routes on the scanner's slim tree (data pruned to the fields patterns test):
 * for every event here, it must pick exactly the routes that matching the whole event picks.
 */
class SlimMatchingTest {
    private static final String ROUTES = """
            {"routes":[
             {"name":"shipped","pattern":{"detail-type":["order.shipped"]},"channels":["websocket"]},
             {"name":"big-order","pattern":{"detail":{"data":{"total":[{"numeric":[">",100]}]}}},"channels":["push"]},
             {"name":"sku","pattern":{"detail":{"data":{"lines":{"sku":["S-2"]}}}},"channels":["email"]},
             {"name":"either","pattern":{"$or":[{"detail":{"data":{"flag":[true]}}},{"detail":{"category":["vip"]}}]},"channels":["push"]},
             {"name":"no-coupon","pattern":{"source":[{"prefix":"shop."}],"detail":{"data":{"coupon":[{"exists":false}]}}},"channels":["websocket"]},
             {"name":"not-test","pattern":{"detail":{"data":{"env":[{"anything-but":["test"]}]}}},"channels":["websocket"]},
             {"name":"nested-prefix","pattern":{"detail":{"data":{"customer":{"tier":[{"prefix":"gold"}]}}}},"channels":["email"]}
            ]}""";

    private final RouteTable table = RouteTable.parse("test", ROUTES);
    /** event-ruler alone, given the whole event: the reference the planner's answers must equal. */
    private final Machine reference = reference();

    private static Machine reference() {
        try {
            Machine m = new Machine();
            for (JsonNode r : Json.tree(ROUTES).get("routes")) {
                m.addRule(r.get("name").asText(), Json.write(r.get("pattern")));
            }
            return m;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
    private final RoutePlanner planner = new RoutePlanner(table);

    static String event(String detailType, String source, String data, String extraDetail) {
        return "{\"version\":\"0\",\"id\":\"e-" + Math.abs((data + extraDetail).hashCode()) + "\",\"detail-type\":\"" + detailType
                + "\",\"source\":\"" + source + "\",\"time\":\"2026-11-23T10:00:00Z\",\"resources\":[],\"detail\":{\"recipients\":[\"user-1\"]"
                + extraDetail + ",\"data\":" + data + "}}";
    }

    @Test
    void plan_matchesTheSameRoutesAsTheWholeEvent() {
        List<String> bodies = List.of(
                event("order.shipped", "shop.orders", "{}", ""),
                event("x", "other", "{\"total\":150}", ""),
                event("x", "other", "{\"total\":50.5}", ""),
                event("x", "other", "{\"lines\":[{\"sku\":\"S-1\"},{\"sku\":\"S-2\"}]}", ""),
                event("x", "other", "{\"lines\":{\"sku\":\"S-2\"}}", ""),
                event("x", "other", "{\"flag\":true}", ""),
                event("x", "other", "{\"flag\":false}", ",\"category\":\"vip\""),
                event("x", "shop.cart", "{\"coupon\":\"C\"}", ""),
                event("x", "shop.cart", "{\"coupons\":[\"C\"]}", ""),
                event("x", "other", "{\"env\":\"prod\"}", ""),
                event("x", "other", "{\"env\":\"test\"}", ""),
                event("x", "other", "{\"customer\":{\"tier\":\"gold-plus\",\"name\":\"n\"},\"total\":\"200\"}", ""),
                event("x", "other", "{\"customer\":[{\"tier\":\"gold\"}],\"big\":{\"a\":[1,2,{\"b\":null}]}}", ""),
                event("order.shipped", "shop.orders", "{\"total\":1e3,\"lines\":[],\"customer\":{}}", ""));

        for (String body : bodies) {
            List<String> expected = table.routes().stream().map(Route::name)
                    .filter(reference.rulesForJSONEvent(Json.tree(body))::contains).toList();
            RoutingPlan plan = planner.plan(body);
            List<String> actual = plan instanceof RoutingPlan.Routed r ? r.routeNames() : List.of();
            assertThat(actual).as(body).isEqualTo(expected);
            if (plan instanceof RoutingPlan.Routed r) {
                assertThat(Json.asObject(r.data())).as(body).isEqualTo(Json.tree(body).at("/detail/data"));
            }
        }
    }

    @Test
    void fieldPaths_namesEveryTestedField() {
        assertThat(table.fieldPaths()).containsExactlyInAnyOrder("detail-type", "detail.data.total", "detail.data.lines.sku",
                "detail.data.flag", "detail.category", "source", "detail.data.coupon", "detail.data.env", "detail.data.customer.tier");
    }
}
