package dev.herald.bench.load;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Open-loop latency, producer to WebSocket frame: events at a fixed rate (200/s by default), one
 * PutEvents call per event at its scheduled time, each to one demo user with only the WebSocket
 * channel (so the other channels' queues do not share the machine); latency is frame arrival minus
 * the scheduled send time, in an HdrHistogram. A warm-up run first, not counted.
 */
final class LatencyScenario {
    private LatencyScenario() {
    }

    static void run(Pipeline p, Options o, Report report) throws InterruptedException {
        double rate = o.number("rate", 200);
        int seconds = o.integer("seconds", 30);
        List<String> channels = o.text("channels", "websocket").equals("all") ? null : List.of(o.text("channels", "websocket").split(","));
        int warmup = o.integer("warmup-seconds", 10);
        if (warmup > 0) {
            Run w = p.newRun("warm", (int) (rate * warmup));
            p.publisher.publish(w, rate, 1, seq -> Publisher.orderShipped(w.notificationId(seq), p.user(seq), channels));
            w.awaitFrames(60_000);
        }
        int events = (int) (rate * seconds);
        Run run = p.newRun("lat", events);
        Instant since = Instant.now().minusSeconds(1);
        double took = p.publisher.publish(run, rate, 1, seq -> Publisher.orderShipped(run.notificationId(seq), p.user(seq), channels));
        int frames = run.awaitFrames(120_000);
        Histogram h = run.latency();
        Map<String, Integer> ledger = p.awaitLedger(run, since, channels == null ? 3 * events : events, 60_000);
        report.line("");
        report.line("### Latency, producer -> WebSocket frame (open loop, %.0f events/s for %d s, channels %s)", rate, seconds,
                channels == null ? "all" : String.join(",", channels));
        report.line("");
        report.line("| events | published in (s) | frames | duplicates | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |");
        report.line("|---|---|---|---|---|---|---|---|---|");
        report.line("| %d | %.1f | %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f |", events, took, frames, run.duplicates(),
                Report.ms(h.getValueAtPercentile(50)), Report.ms(h.getValueAtPercentile(90)), Report.ms(h.getValueAtPercentile(99)),
                Report.ms(h.getValueAtPercentile(99.9)), Report.ms(h.getMaxValue()));
        report.line("");
        report.line("ledger rows: %s; PutEvents failed entries: %d", ledger, p.publisher.failedEntries());
    }
}
