package dev.herald.bench.load;

import java.io.IOException;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Memory per idle WebSocket connection: heap in use after full GCs in the runtime's JVM before and
 * after N clients (another process) connected and went idle, divided by N; direct buffer memory
 * the same way. The runtime's JVM holds the gateway and everything else (DynamoDB Local keeps the
 * connections table; the $connect function ran N times), so this is an upper bound for the gateway.
 */
final class IdleMemoryScenario {
    private IdleMemoryScenario() {
    }

    static void run(BenchRuntime b, Options o, Report report) throws IOException, InterruptedException {
        int n = o.integer("connections", 10_000);
        int idleSeconds = o.integer("idle-seconds", 10);
        String prefix = "idle-" + Long.toString(System.currentTimeMillis(), 36);
        List<String> tokens = IntStream.range(0, n).mapToObj(i -> b.runtime.tokenFor(prefix + "-u" + i)).toList();
        // one small round first, so classes, pools and caches the connections need exist before "before"
        try (SwarmChild warm = new SwarmChild(b.runtime.webSocketEndpoint(), tokens.subList(0, Math.min(200, n)), 16)) {
            Thread.sleep(1000);
        }
        Thread.sleep(5000);
        long heapBefore = HeapMeter.usedAfterGc();
        long directBefore = HeapMeter.directBytes();
        long start = System.nanoTime();
        try (SwarmChild clients = new SwarmChild(b.runtime.webSocketEndpoint(), tokens, 16)) {
            double connectSeconds = (System.nanoTime() - start) / 1e9;
            Thread.sleep(idleSeconds * 1000L);
            long heapAfter = HeapMeter.usedAfterGc();
            long directAfter = HeapMeter.directBytes();
            int open = clients.frames().open();
            report.line("");
            report.line("### Memory per idle WebSocket connection (runtime JVM, heap after full GC)");
            report.line("");
            report.line("| connections open | refused | connect time (s) | heap before (MB) | heap after (MB) | heap per connection (KB) | direct per connection (KB) |");
            report.line("|---|---|---|---|---|---|---|");
            report.line("| %d | %d | %.1f | %.1f | %.1f | %.2f | %.2f |", open, clients.refused, connectSeconds, heapBefore / 1048576.0,
                    heapAfter / 1048576.0, (heapAfter - heapBefore) / 1024.0 / Math.max(1, open),
                    (directAfter - directBefore) / 1024.0 / Math.max(1, open));
        }
    }
}
