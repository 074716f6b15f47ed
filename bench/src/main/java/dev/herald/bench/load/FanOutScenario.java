package dev.herald.bench.load;

import dev.herald.common.json.Json;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.lambda.LambdaHost;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Fan-out: one {@code deal.started} event to a topic whose N subscribers each have one open WebSocket
 * (in a child process, {@link SwarmChild}), WebSocket channel only. Reports the time from PutEvents to
 * the first and the last frame and the frames per second between them. Each N uses users of its own;
 * their clients are closed before the next N.
 */
final class FanOutScenario {
    private FanOutScenario() {
    }

    static void run(BenchRuntime b, Options o, Report report) throws IOException, InterruptedException {
        List<Integer> sizes = o.integers("clients", "100,1000,10000");
        long timeout = o.integer("timeout-seconds", 600) * 1000L;
        report.line("");
        report.line("### Fan-out: one event to N connected WebSocket clients (topic of N users, WebSocket channel only)");
        report.line("");
        report.line("| N | connected | connect time (s) | first frame (ms) | last frame (s) | frames | frames/s (first->last) | frames/s (publish->last)"
                + " | invocations timed out |");
        report.line("|---|---|---|---|---|---|---|---|---|");
        for (int n : sizes) {
            String topic = "bench-fanout-" + n + "-" + Long.toString(System.currentTimeMillis(), 36);
            List<String> users = IntStream.range(0, n).mapToObj(i -> topic + "-u" + i).toList();
            List<Map<String, AttributeValue>> subscriptions = new ArrayList<>();
            for (String u : users) {
                subscriptions.add(Map.of("topic", AttributeValue.fromS(topic), "userId", AttributeValue.fromS(u),
                        "subscribedAt", AttributeValue.fromS(Instant.now().toString())));
            }
            b.batchWrite(HeraldTopology.TABLE_TOPICS, subscriptions);
            b.seedProfiles(users);
            long connectStart = System.nanoTime();
            try (SwarmChild clients = new SwarmChild(b.runtime.webSocketEndpoint(), users.stream().map(b.runtime::tokenFor).toList(), 16)) {
                double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("notificationId", topic);
                detail.put("recipients", List.of("topic:" + topic));
                detail.put("channels", List.of("websocket"));
                detail.put("data", Map.of("dealName", "Winter sale", "discount", "20%"));
                long timedOutBefore = timeouts(b);
                long published = System.nanoTime();
                b.events.putEvents(r -> r.entries(e -> e.eventBusName(HeraldTopology.BUS).source("shop.deals").detailType("deal.started")
                        .detail(Json.write(detail))));
                SwarmChild.Frames f = clients.awaitFrames(clients.open, timeout);
                double first = (f.firstNanos() - published) / 1e6;
                double last = (f.lastNanos() - published) / 1e9;
                double span = (f.lastNanos() - f.firstNanos()) / 1e9;
                report.line("| %d | %d | %.1f | %.0f | %.2f | %d | %.0f | %.0f | %d |", n, clients.open, connectSeconds, first, last, f.count(),
                        f.count() / Math.max(span, 1e-9), f.count() / Math.max(last, 1e-9), timeouts(b) - timedOutBefore);
            }
            // the closed clients' $disconnect calls run now; let them finish before the next size
            Thread.sleep(Math.min(60_000, 5_000 + n * 3L));
        }
    }

    /** Invocations of any function that ran past their timeout so far. */
    private static long timeouts(BenchRuntime b) {
        return b.runtime.invocations().values().stream().mapToLong(LambdaHost.InvocationStats::timeouts).sum();
    }
}
