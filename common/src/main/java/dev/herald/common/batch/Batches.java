package dev.herald.common.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Packs items, in order, into the batches of a batch API that limits both the number of entries and their total size
 * (SQS SendMessageBatch, EventBridge PutEvents: 10 entries, 256 KiB). The caller says how an item is measured, as the
 * API measures it.
 */
public final class Batches {
    private Batches() {
    }

    /**
     * Splits {@code items} in order into batches of at most {@code maxEntries} items whose sizes add up to at most
     * {@code maxBytes}. An item larger than {@code maxBytes} goes alone in a batch of its own (the API then refuses that
     * one entry, not its neighbours); a caller that must never send one checks the size first.
     *
     * @throws IllegalArgumentException if {@code maxEntries} or {@code maxBytes} is under 1
     */
    public static <T> List<List<T>> split(List<T> items, int maxEntries, long maxBytes, ToIntFunction<? super T> size) {
        if (maxEntries < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("a batch holds at least 1 entry and 1 byte; got maxEntries=" + maxEntries
                    + " maxBytes=" + maxBytes);
        }
        List<List<T>> batches = new ArrayList<>();
        List<T> current = new ArrayList<>();
        long bytes = 0;
        for (T item : items) {
            int s = size.applyAsInt(item);
            if (!current.isEmpty() && (current.size() == maxEntries || bytes + s > maxBytes)) {
                batches.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(item);
            bytes += s;
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }
}
