package dev.herald.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.json.Json;
import dev.herald.router.RouteTable;
import dev.herald.router.RoutePlanner;
import dev.herald.router.RoutingPlan;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The router's CPU path per event - parse and validate the EventBridge event, match it against 100
 * event-ruler routes, build the routing plan - with no I/O ({@link RoutePlanner#plan(String)}).
 * Events are about 1 KB. Target: at most 5 µs per event.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar RouterCpu -f 1 -wi 3 -i 5 -w 2s -r 3s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class RouterCpuBenchmark {
    static final int ROUTES = 100;

    private RoutePlanner planner;
    private String routedEvent;
    private String unroutedEvent;
    private String foreignEvent;

    @Setup(Level.Trial)
    public void setUp() {
        planner = new RoutePlanner(RouteTable.parse("benchmark", routes(ROUTES)));
        routedEvent = heraldEvent("order.shipped", "shop.orders");
        unroutedEvent = heraldEvent("invoice.voided", "billing.invoices");
        foreignEvent = s3Event();
        check(planner.plan(routedEvent) instanceof RoutingPlan.Routed, "routed event must route");
        check(planner.plan(unroutedEvent) instanceof RoutingPlan.Unrouted, "unrouted event must not route");
        check(planner.plan(foreignEvent) instanceof RoutingPlan.Routed, "S3 event must route");
    }

    /** A Herald event that matches two routes (an exact detail-type route and a prefix route on source). */
    @Benchmark
    public RoutingPlan planRoutedEvent() {
        return planner.plan(routedEvent);
    }

    /** A valid Herald event that no route matches. */
    @Benchmark
    public RoutingPlan planUnroutedEvent() {
        return planner.plan(unroutedEvent);
    }

    /** An S3 Object Created event: no Herald detail, routed by a route that names its recipients. */
    @Benchmark
    public RoutingPlan planForeignEvent() {
        return planner.plan(foreignEvent);
    }

    /** Baseline: only reading the same body into a Jackson tree, the step every plan starts with. */
    @Benchmark
    public JsonNode baselineJsonTree() {
        return Json.tree(routedEvent);
    }

    /**
     * 100 routes of the kinds a real table holds: exact detail-types, source prefixes, anything-but on
     * priority, numeric ranges and nested detail fields, plus the three bundled demo routes.
     */
    static String routes(int count) {
        List<String> routes = new ArrayList<>();
        routes.add(route("order-shipped", "{\"detail-type\":[\"order.shipped\"]}", "\"websocket\",\"push\",\"email\"",
                ",\"template\":\"order-shipped\",\"enrich\":true,\"category\":\"orders\""));
        routes.add(route("deal-started", "{\"detail-type\":[\"deal.started\"]}", "\"websocket\",\"push\",\"email\"",
                ",\"template\":\"deal-started\",\"enrich\":true"));
        routes.add(route("s3-object-created", "{\"source\":[\"aws.s3\"],\"detail-type\":[\"Object Created\"]}", "\"websocket\",\"email\"",
                ",\"template\":\"object-created\",\"enrich\":true,\"recipients\":[\"topic:uploads\"]"));
        routes.add(route("shop-high-priority", "{\"source\":[{\"prefix\":\"shop.\"}],\"detail\":{\"priority\":[{\"anything-but\":[\"normal\"]}]}}",
                "\"push\"", ""));
        for (int i = routes.size(); i < count; i++) {
            String pattern = switch (i % 4) {
                case 0 -> "{\"detail-type\":[\"app" + i + ".created\",\"app" + i + ".updated\"]}";
                case 1 -> "{\"source\":[{\"prefix\":\"team" + i + ".\"}],\"detail-type\":[\"job.done\"]}";
                case 2 -> "{\"detail-type\":[\"metric" + i + "\"],\"detail\":{\"data\":{\"value\":[{\"numeric\":[\">\",100]}]}}}";
                default -> "{\"source\":[\"svc" + i + "\"],\"detail\":{\"category\":[{\"anything-but\":[\"test\"]}]}}";
            };
            routes.add(route("generated-" + i, pattern, "\"websocket\"", ""));
        }
        return "{\"routes\":[" + String.join(",", routes) + "]}";
    }

    private static String route(String name, String pattern, String channels, String extra) {
        return "{\"name\":\"" + name + "\",\"pattern\":" + pattern + ",\"channels\":[" + channels + "]" + extra + "}";
    }

    /** About 1 KB, the shape of the shared order.shipped fixture with a few more items. */
    static String heraldEvent(String detailType, String source) {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 7; i++) {
            items.append(i == 0 ? "" : ",").append("{\"sku\":\"SKU-").append(1000 + i)
                    .append("\",\"name\":\"Item number ").append(i).append(" of the order\",\"quantity\":").append(i + 1).append('}');
        }
        String body = "{\"version\":\"0\",\"id\":\"3f0c9e52-7a1d-4b8e-9c26-5d4e1f7a0b93\",\"detail-type\":\"" + detailType + "\","
                + "\"source\":\"" + source + "\",\"account\":\"123456789012\",\"time\":\"2026-11-23T09:41:27Z\",\"region\":\"eu-west-1\","
                + "\"resources\":[],\"detail\":{\"notificationId\":\"ntf-01JD4R6Z9K3Q7M2N8P5T1V0WXA\","
                + "\"recipients\":[\"user-1\",\"user-2\",\"topic:vip\"],\"category\":\"orders\",\"priority\":\"high\","
                + "\"channels\":[\"websocket\",\"push\",\"email\"],\"locale\":\"en-GB\","
                + "\"data\":{\"orderId\":\"SO-10042\",\"eta\":\"2026-11-25\",\"carrier\":\"An Post\",\"tracking\":\"CP123456789IE\","
                + "\"items\":[" + items + "]}}}";
        return body;
    }

    static String s3Event() {
        return "{\"version\":\"0\",\"id\":\"9a3e5c71-4f2b-8d06-e1c9-7b4a0d2f5e86\",\"detail-type\":\"Object Created\",\"source\":\"aws.s3\","
                + "\"account\":\"123456789012\",\"time\":\"2026-11-23T10:02:44Z\",\"region\":\"eu-west-1\","
                + "\"resources\":[\"arn:aws:s3:::herald-imports-123456789012-eu-west-1\"],\"detail\":{\"version\":\"0\","
                + "\"bucket\":{\"name\":\"herald-imports-123456789012-eu-west-1\"},\"object\":{\"key\":\"campaigns/2026-11-23/"
                + "black-friday-recipients.csv\",\"size\":48213,\"etag\":\"5f2b8c0e9d4a71e3b6c8f0a2d1e4b7c9\",\"sequencer\":"
                + "\"00691C4474D1E2F3A4\"},\"request-id\":\"7QH2M9XK4RVD1B8E\",\"requester\":\"123456789012\",\"source-ip-address\":"
                + "\"203.0.113.24\",\"reason\":\"PutObject\"}}";
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("benchmark setup is wrong: " + what);
        }
    }

    /** Prints the event sizes (a sanity check that they are about 1 KB). */
    public static void main(String[] args) {
        System.out.println("routed event bytes=" + heraldEvent("order.shipped", "shop.orders").getBytes(StandardCharsets.UTF_8).length
                + " s3 event bytes=" + s3Event().getBytes(StandardCharsets.UTF_8).length);
    }
}
