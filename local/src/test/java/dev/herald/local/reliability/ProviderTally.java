package dev.herald.local.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.json.Json;
import dev.herald.local.LocalRuntime;
import dev.herald.local.emulators.ApnsNotification;
import dev.herald.local.emulators.FcmMessage;
import dev.herald.local.emulators.SentEmail;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the providers received, per delivery id and device token or address: APNs and FCM pushes they accepted and emails SES accepted, read from
 * the emulators' logs. The logs keep their newest 1,000 entries, so the tally reads them every 50 ms on a thread of its
 * own and counts each entry once; a load of more than 1,000 sends in 50 ms would be undercounted, and
 * {@link #deliveriesReceived()} would then fall short of the ledger (a loss, never a false duplicate).
 */
final class ProviderTally implements AutoCloseable {
    private final LocalRuntime runtime;
    private final Set<Object> seen = Collections.newSetFromMap(new ConcurrentHashMap<>());
    /** Delivery id to target (device token or address) to sends received. */
    private final Map<String, Map<String, Integer>> byDelivery = new ConcurrentHashMap<>();
    private final Thread poller;
    private volatile boolean running = true;

    ProviderTally(LocalRuntime runtime) {
        this.runtime = runtime;
        poller = Thread.ofPlatform().daemon().name("provider-tally").start(() -> {
            while (running) {
                poll();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Reads the logs once more (call after the last delivery is sent, before asserting). */
    synchronized void poll() {
        for (ApnsNotification n : runtime.apns().received()) {
            if (n.accepted() && seen.add(n)) {
                count(deliveryId(Json.tree(n.payload())), "apns:" + n.token());
            }
        }
        for (FcmMessage m : runtime.fcm().received()) {
            if (m.accepted() && seen.add(m)) {
                count(m.data() == null ? null : m.data().get("deliveryId"), "fcm:" + m.token());
            }
        }
        for (SentEmail e : runtime.ses().sent()) {
            if (seen.add(e.messageId())) {
                // SES tags carry the delivery id encoded (no # allowed): EmailTally.fromTag reads it back
                count(e.tags() == null || e.tags().get("deliveryId") == null ? null : EmailTally.fromTag(e.tags().get("deliveryId")), "email:" + e.to());
            }
        }
    }

    private void count(String deliveryId, String target) {
        if (deliveryId != null) {
            byDelivery.computeIfAbsent(deliveryId, k -> new ConcurrentHashMap<>()).merge(target, 1, Integer::sum);
        }
    }

    private static String deliveryId(JsonNode payload) {
        JsonNode id = payload.findValue("deliveryId");
        return id == null ? null : id.asText();
    }

    /** For each of {@code ids}: target (device or address) to sends received; empty when none. */
    Map<String, Map<String, Integer>> received(List<String> ids) {
        poll();
        Map<String, Map<String, Integer>> out = new TreeMap<>();
        ids.forEach(id -> out.put(id, Map.copyOf(byDelivery.getOrDefault(id, Map.of()))));
        return out;
    }

    /** Ids among {@code ids} that one device or address received more than once, with what each target received. */
    Map<String, Map<String, Integer>> duplicates(List<String> ids) {
        Map<String, Map<String, Integer>> out = new TreeMap<>();
        received(ids).forEach((id, targets) -> {
            if (targets.values().stream().anyMatch(n -> n > 1)) {
                out.put(id, targets);
            }
        });
        return out;
    }

    /** Ids among {@code ids} no provider received. */
    Set<String> missing(List<String> ids) {
        Set<String> out = new HashSet<>();
        received(ids).forEach((id, targets) -> {
            if (targets.isEmpty()) {
                out.add(id);
            }
        });
        return out;
    }

    @Override
    public void close() {
        running = false;
        poller.interrupt();
    }
}
