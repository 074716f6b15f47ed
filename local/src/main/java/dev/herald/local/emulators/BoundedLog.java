package dev.herald.local.emulators;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The newest {@code capacity} records an emulator received; older ones are dropped. Thread-safe. */
final class BoundedLog<T> {
    private final int capacity;
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private long total;

    BoundedLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    synchronized void add(T item) {
        if (items.size() == capacity) {
            items.removeFirst();
        }
        items.addLast(item);
        total++;
    }

    /** Oldest first. */
    synchronized List<T> snapshot() {
        return new ArrayList<>(items);
    }

    synchronized List<T> matching(Predicate<T> filter) {
        return items.stream().filter(filter).toList();
    }

    /** How many were ever added, including dropped ones. */
    synchronized long total() {
        return total;
    }

    synchronized void clear() {
        items.clear();
    }
}
