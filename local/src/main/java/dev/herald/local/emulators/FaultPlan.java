package dev.herald.local.emulators;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Faults injected on purpose into a local service (an emulator, the {@code @connections} API, an event
 * source mapping), for reliability tests and the dashboard: "answer {@code fault} to the next
 * {@code times} requests for {@code key}" - the key being a device token, an address, a connection id or
 * a function name. Empty (off) by default; a service asks {@link #next(String)} per request and behaves
 * normally when it answers empty. Thread-safe: concurrent requests for one key never serve a fault more
 * than {@code times} times.
 *
 * @param <F> what the service answers instead (an HTTP status, a reason)
 */
public final class FaultPlan<F> {
    /** {@code times} for a fault that never runs out. */
    public static final int ALWAYS = Integer.MAX_VALUE;

    private record Planned<F>(F fault, int remaining) {
    }

    private final Map<String, Planned<F>> planned = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> served = new ConcurrentHashMap<>();

    /** The next {@code times} requests for {@code key} get {@code fault} (replacing what was planned for it). */
    public void inject(String key, F fault, int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1 (or FaultPlan.ALWAYS), was " + times);
        }
        planned.put(key, new Planned<>(fault, times));
    }

    /** Takes one fault for {@code key}, if one is planned; called by the service once per request. */
    public Optional<F> next(String key) {
        Object[] taken = new Object[1];
        planned.computeIfPresent(key, (k, p) -> {
            taken[0] = p.fault();
            if (p.remaining() == ALWAYS) {
                return p;
            }
            return p.remaining() <= 1 ? null : new Planned<>(p.fault(), p.remaining() - 1);
        });
        if (taken[0] == null) {
            return Optional.empty();
        }
        served.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
        @SuppressWarnings("unchecked")
        F fault = (F) taken[0];
        return Optional.of(fault);
    }

    /** How many faults were served for {@code key} since the last {@link #clear()}. */
    public long served(String key) {
        AtomicLong n = served.get(key);
        return n == null ? 0 : n.get();
    }

    /** Faults still planned for {@code key} (0 when none, {@link #ALWAYS} when endless). */
    public int remaining(String key) {
        Planned<F> p = planned.get(key);
        return p == null ? 0 : p.remaining();
    }

    /** Stops every planned fault and forgets the counts. */
    public void clear() {
        planned.clear();
        served.clear();
    }

    /** Stops the faults planned for {@code key}. */
    public void clear(String key) {
        planned.remove(key);
    }
}
