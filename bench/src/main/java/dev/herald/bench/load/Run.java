package dev.herald.bench.load;

import java.util.BitSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * One batch of events published under a common notification-id prefix ({@code <prefix>-<seq>}):
 * when each was meant to be sent (the open-loop schedule, not when the send happened - so a slow
 * send counts against latency instead of hiding it: no coordinated omission), and when its
 * WebSocket frame arrived. Frames are recorded by the swarm's selector thread only.
 */
final class Run {
    final String prefix;
    final int events;
    final long[] intendedNanos;
    private final BitSet seen;
    private final Histogram latency = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);
    private final AtomicInteger frames = new AtomicInteger();
    private volatile long lastFrameNanos;
    private int duplicates;

    Run(String prefix, int events) {
        this.prefix = prefix;
        this.events = events;
        this.intendedNanos = new long[events];
        this.seen = new BitSet(events);
    }

    String notificationId(int seq) {
        return prefix + "-" + seq;
    }

    /** Called with a frame's notification id (or any id that starts with it) on the selector thread. */
    synchronized void frame(String notificationId, long arrivedNanos) {
        int seq;
        try {
            seq = Integer.parseInt(notificationId.substring(prefix.length() + 1));
        } catch (RuntimeException e) {
            return;
        }
        if (seq < 0 || seq >= events) {
            return;
        }
        if (seen.get(seq)) {
            duplicates++;
            return;
        }
        seen.set(seq);
        long intended = intendedNanos[seq];
        if (intended > 0) {
            latency.recordValue(Math.max(0, arrivedNanos - intended));
        }
        lastFrameNanos = arrivedNanos;
        frames.incrementAndGet();
    }

    int frames() {
        return frames.get();
    }

    long lastFrameNanos() {
        return lastFrameNanos;
    }

    synchronized int duplicates() {
        return duplicates;
    }

    synchronized Histogram latency() {
        return latency.copy();
    }

    /** Waits until every event's frame came or the timeout passed; returns the frames seen. */
    int awaitFrames(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (frames.get() < events && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        return frames.get();
    }
}
