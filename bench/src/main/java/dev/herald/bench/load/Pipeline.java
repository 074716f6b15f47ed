package dev.herald.bench.load;

import dev.herald.local.demo.DemoSeed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The runtime plus what the end-to-end scenarios share: one WebSocket client per demo user (a
 * connected browser, so every {@code order.shipped} has 1 WebSocket + 1 push + 1 email target:
 * the demo users have an iOS device token for the APNs emulator and a confirmed email address),
 * a producer, and the frame bookkeeping of the current {@link Run}.
 */
final class Pipeline implements AutoCloseable {
    static final List<String> USERS = DemoSeed.USERS;

    final BenchRuntime bench;
    final Publisher publisher;
    private final WebSocketSwarm browsers;
    private volatile Run current;

    private Pipeline(BenchRuntime bench) throws IOException, InterruptedException {
        this.bench = bench;
        this.publisher = new Publisher(bench.events, 32);
        this.browsers = new WebSocketSwarm(bench.runtime.webSocketEndpoint(), this::onFrame, 8);
        browsers.connect(USERS.stream().map(bench.runtime::tokenFor).toList(), 0);
        if (browsers.awaitConnected(USERS.size(), 30_000) != USERS.size()) {
            throw new IllegalStateException("only " + browsers.open() + " of " + USERS.size() + " demo browsers connected ("
                    + browsers.refused() + " refused); see the runtime's log for the $connect function");
        }
    }

    static Pipeline start(Path repoRoot) {
        BenchRuntime bench = BenchRuntime.start(repoRoot);
        try {
            return new Pipeline(bench);
        } catch (IOException e) {
            bench.close();
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            bench.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A new run whose frames are tracked from now on (the previous run's late frames are ignored). */
    Run newRun(String name, int events) {
        Run run = new Run(name + "-" + Long.toString(System.currentTimeMillis(), 36), events);
        current = run;
        return run;
    }

    String user(int seq) {
        return USERS.get(seq % USERS.size());
    }

    /** Ledger rows of {@code run} by channel and status, waiting (bounded) until {@code expected} are done. */
    Map<String, Integer> awaitLedger(Run run, Instant since, int expected, long timeoutMillis) throws InterruptedException {
        return LedgerCount.await(bench.dynamo, USERS, run.prefix, since, expected, timeoutMillis);
    }

    private void onFrame(int client, String text, long arrivedNanos) {
        Run run = current;
        if (run == null) {
            return;
        }
        String id = notificationIdOf(text);
        if (id != null && id.startsWith(run.prefix)) {
            run.frame(id, arrivedNanos);
        }
    }

    /** The notification id part of a frame's {@code deliveryId} ({@code <notificationId>#websocket#<user>}). */
    static String notificationIdOf(String frame) {
        int at = frame.indexOf("\"deliveryId\":\"");
        if (at < 0) {
            return null;
        }
        int start = at + "\"deliveryId\":\"".length();
        int hash = frame.indexOf('#', start);
        return hash < 0 ? null : frame.substring(start, hash);
    }

    @Override
    public void close() {
        browsers.close();
        bench.close();
    }
}
