package dev.herald.local.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import dev.herald.local.console.LogLineRenderer;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Delivery counts of {@code herald up} as the functions report them in their logs, the way a CloudWatch Logs
 * metric filter counts on AWS: each {@code delivery outcome ... channel=c status=s} line adds one to {@code c}/{@code s},
 * each {@code event routed} line one notification. Besides the totals it keeps, per channel, the deliveries sent in
 * each second of the last {@value #SECONDS} seconds (a ring of one-second buckets) for the dashboard's chart.
 * Thread-safe; fed by {@link dev.herald.local.console.FunctionLogTap}.
 */
public final class PipelineStats {
    /** How far back the per-second series go. */
    public static final int SECONDS = 300;

    private final Clock clock;
    private final LongAdder notifications = new LongAdder();
    private final Map<String, Map<String, LongAdder>> byChannelAndStatus = new ConcurrentHashMap<>();
    private final Map<String, Series> sentPerSecond = new ConcurrentHashMap<>();

    public PipelineStats(Clock clock) {
        this.clock = clock;
    }

    /** One function log event (logback's JSON); events other than routed notifications and delivery outcomes are ignored. */
    public void accept(JsonNode event) {
        String message = LogLineRenderer.message(event);
        if (message.startsWith("event routed ")) {
            notifications.increment();
        } else if (message.startsWith("delivery outcome ")) {
            Map<String, String> v = LogLineRenderer.pairs(message);
            String channel = v.get("channel");
            String status = v.get("status");
            if (channel == null || status == null) {
                return;
            }
            byChannelAndStatus.computeIfAbsent(channel, c -> new ConcurrentHashMap<>()).computeIfAbsent(status, s -> new LongAdder()).increment();
            if (status.equals("sent")) {
                long second = event.has("timestamp") ? event.path("timestamp").asLong() / 1000 : clock.millis() / 1000;
                sentPerSecond.computeIfAbsent(channel, c -> new Series()).add(second);
            }
        }
    }

    /**
     * {@code {"notifications": n, "channels": {"email": {"sent": n, "rejected": n, ...}}, "now": epochSecond,
     * "sentPerSecond": {"email": [n0, ..., n299]}}}, the series oldest first and ending at the second before {@code now}.
     */
    public ObjectNode toJson() {
        long now = clock.millis() / 1000;
        ObjectNode out = Json.object();
        out.put("notifications", notifications.sum());
        ObjectNode channels = out.putObject("channels");
        new TreeMap<>(byChannelAndStatus).forEach((channel, statuses) -> {
            ObjectNode c = channels.putObject(channel);
            new TreeMap<>(statuses).forEach((status, count) -> c.put(status, count.sum()));
        });
        out.put("now", now);
        ObjectNode series = out.putObject("sentPerSecond");
        new TreeMap<>(sentPerSecond).forEach((channel, s) -> {
            ArrayNode points = series.putArray(channel);
            for (long second = now - SECONDS; second < now; second++) {
                points.add(s.at(second));
            }
        });
        return out;
    }

    /** Counts per second in a ring of {@link #SECONDS} buckets; a bucket is reset when its second comes round again. */
    private static final class Series {
        private final AtomicLongArray counts = new AtomicLongArray(SECONDS);
        private final AtomicLongArray seconds = new AtomicLongArray(SECONDS);

        synchronized void add(long second) {
            int i = (int) Math.floorMod(second, (long) SECONDS);
            if (seconds.get(i) != second) {
                seconds.set(i, second);
                counts.set(i, 0);
            }
            counts.incrementAndGet(i);
        }

        synchronized long at(long second) {
            int i = (int) Math.floorMod(second, (long) SECONDS);
            return seconds.get(i) == second ? counts.get(i) : 0;
        }
    }
}
