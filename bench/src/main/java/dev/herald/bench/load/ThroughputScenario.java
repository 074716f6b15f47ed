package dev.herald.bench.load;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Sustained throughput, stepped: for each offered rate, events for a fixed time (open loop, 10
 * entries per PutEvents call), each to one demo user over all three channels (1 WebSocket + 1 push +
 * 1 email target); then it waits for the backlog to drain and counts the run's ledger rows: zero
 * loss is {@code sent or delivered == 3 x events}. The knee is the highest rate whose p99
 * (producer -> WebSocket frame) stays under {@code --p99-limit-ms}; stepping stops at the first
 * rate above it (or with loss), since higher rates only queue more. A warm-up at 5 events/s comes first.
 */
final class ThroughputScenario {
    private ThroughputScenario() {
    }

    static void run(Pipeline p, Options o, Report report) throws InterruptedException {
        List<Integer> rates = o.integers("rates", "2,4,8,16,32,64,125,250,500,1000");
        int seconds = o.integer("step-seconds", 15);
        double limitMs = o.number("p99-limit-ms", 1000);
        long drainMillis = o.integer("drain-seconds", 120) * 1000L;
        int warm = o.integer("warmup-events", 60);
        if (warm > 0) {
            // cold starts of every function (and the JIT) before the first step
            Run w = p.newRun("twarm", warm);
            Instant since = Instant.now().minusSeconds(1);
            p.publisher.publish(w, 5, 1, seq -> Publisher.orderShipped(w.notificationId(seq), p.user(seq), null));
            p.awaitLedger(w, since, 3 * warm, drainMillis);
        }
        report.line("");
        report.line("### Sustained throughput (open loop, %d s per step; 1 WebSocket + 1 push + 1 email target per event)", seconds);
        report.line("");
        report.line("| offered ev/s | events | sent in (s) | WS frames | WS frames/s | p50 ms | p99 ms | max ms | drain (s) | ledger sent+delivered | expected | lost | deliveries/s |");
        report.line("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        int knee = 0;
        for (int rate : rates) {
            int events = rate * seconds;
            Run run = p.newRun("tp" + rate, events);
            Instant since = Instant.now().minusSeconds(1);
            long start = System.nanoTime();
            double took = p.publisher.publish(run, rate, Math.min(10, Math.max(1, rate / 20)),
                    seq -> Publisher.orderShipped(run.notificationId(seq), p.user(seq), null));
            long published = System.nanoTime();
            int frames = run.awaitFrames(drainMillis);
            Map<String, Integer> ledger = p.awaitLedger(run, since, 3 * events, drainMillis);
            long end = System.nanoTime();
            int done = LedgerCount.doneAll(ledger);
            Histogram h = run.latency();
            double wsSpan = (run.lastFrameNanos() - start) / 1e9;
            double p99 = Report.ms(h.getValueAtPercentile(99));
            report.line("| %d | %d | %.1f | %d | %.0f | %.0f | %.0f | %.0f | %.1f | %d | %d | %d | %.0f |", rate, events, took, frames,
                    frames / Math.max(wsSpan, 1e-9), Report.ms(h.getValueAtPercentile(50)), p99, Report.ms(h.getMaxValue()),
                    (end - published) / 1e9, done, 3 * events, 3 * events - done, done / ((end - start) / 1e9));
            if (done != 3 * events || p99 > limitMs) {
                report.line("");
                report.line("stopped at %d events/s: %s; ledger rows by channel/status: %s", rate,
                        done != 3 * events ? "not every delivery reached the ledger within the drain time" : "p99 above " + limitMs + " ms",
                        ledger);
                break;
            }
            knee = rate;
        }
        report.line("");
        report.line("knee (highest offered rate with p99 <= %.0f ms and zero loss): **%d events/s** (%d deliveries/s); PutEvents failed entries: %d",
                limitMs, knee, 3 * knee, p.publisher.failedEntries());
    }
}
