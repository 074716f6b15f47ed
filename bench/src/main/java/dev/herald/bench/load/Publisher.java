package dev.herald.bench.load;

import dev.herald.common.json.Json;
import dev.herald.common.topology.HeraldTopology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/**
 * Publishes a {@link Run}'s events with the SDK's PutEvents on the edge port, open-loop: batch
 * {@code k} is due at {@code start + k * batch / rate}; it is sent at that time on a thread of its
 * own, whatever happened to earlier sends (at most {@code maxInFlight} calls wait on the edge at once;
 * the others wait here, and that wait counts in latency because the clock started at the due time).
 */
final class Publisher {
    private final EventBridgeClient events;
    private final int maxInFlight;
    private final AtomicInteger failedEntries = new AtomicInteger();
    private final AtomicInteger failedCalls = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();

    Publisher(EventBridgeClient events, int maxInFlight) {
        this.events = events;
        this.maxInFlight = maxInFlight;
    }

    /** An {@code order.shipped} for one user: 1 WebSocket + 1 push + 1 email target, all at once, with the benchmark's order route ({@link BenchRuntime#ALL_AT_ONCE}). */
    static PutEventsRequestEntry orderShipped(String notificationId, String user, List<String> channels) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("notificationId", notificationId);
        detail.put("recipients", List.of(user));
        detail.put("category", "orders");
        detail.put("priority", "high");
        if (channels != null) {
            detail.put("channels", channels);
        }
        detail.put("data", Map.of("orderId", notificationId.substring(Math.max(0, notificationId.length() - 12)), "eta", "2026-12-24"));
        return PutEventsRequestEntry.builder().eventBusName(HeraldTopology.BUS).source("shop.orders").detailType("order.shipped")
                .detail(Json.write(detail)).build();
    }

    /**
     * Sends {@code run.events} entries at {@code rate} per second, {@code batch} per PutEvents call; returns the
     * seconds it took to send them all (the last call's answer included).
     */
    double publish(Run run, double rate, int batch, IntFunction<PutEventsRequestEntry> entry) throws InterruptedException {
        Semaphore inFlight = new Semaphore(maxInFlight);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        double nanosPerBatch = batch * 1e9 / rate;
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int first = 0, k = 0; first < run.events; first += batch, k++) {
                long due = start + (long) (k * nanosPerBatch);
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                int last = Math.min(run.events, first + batch);
                List<PutEventsRequestEntry> entries = new ArrayList<>(last - first);
                for (int seq = first; seq < last; seq++) {
                    run.intendedNanos[seq] = due;
                    entries.add(entry.apply(seq));
                }
                senders.execute(() -> send(entries, inFlight));
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Sends everything as fast as {@code maxInFlight} concurrent calls allow (a closed loop), {@code batch} per call. */
    double publishAsFastAsPossible(Run run, int batch, IntFunction<PutEventsRequestEntry> entry) throws InterruptedException {
        return publish(run, 1e9, batch, entry);
    }

    private void send(List<PutEventsRequestEntry> entries, Semaphore inFlight) {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            calls.incrementAndGet();
            PutEventsResponse r = events.putEvents(b -> b.entries(entries));
            failedEntries.addAndGet(r.failedEntryCount() == null ? 0 : r.failedEntryCount());
        } catch (RuntimeException e) {
            failedCalls.incrementAndGet();
            failedEntries.addAndGet(entries.size());
        } finally {
            inFlight.release();
        }
    }

    int failedEntries() {
        return failedEntries.get();
    }

    int failedCalls() {
        return failedCalls.get();
    }

    int calls() {
        return calls.get();
    }
}
