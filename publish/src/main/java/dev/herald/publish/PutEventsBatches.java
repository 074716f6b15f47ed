package dev.herald.publish;

import dev.herald.common.batch.Batches;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.ToIntFunction;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * PutEvents' request limits: at most 10 entries, and the entries' sizes - computed as EventBridge
 * computes them - add up to at most 256 KB.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html
 */
final class PutEventsBatches {
    static final int MAX_ENTRIES = 10;
    static final int MAX_REQUEST_BYTES = 256 * 1024;

    private PutEventsBatches() {
    }

    /**
     * An entry's size as EventBridge counts it: 14 bytes for Time if set, plus the UTF-8 bytes of
     * Source, DetailType, Detail and each Resource. (EventBusName and TraceHeader do not count.)
     */
    static int entrySize(PutEventsRequestEntry e) {
        int size = e.time() != null ? 14 : 0;
        size += utf8(e.source()) + utf8(e.detailType()) + utf8(e.detail());
        if (e.hasResources()) {
            for (String r : e.resources()) {
                size += utf8(r);
            }
        }
        return size;
    }

    /**
     * Splits {@code items} in order into batches of at most {@link #MAX_ENTRIES} whose sizes add up to
     * at most {@link #MAX_REQUEST_BYTES} ({@link Batches}). Each item must itself fit ({@code size <= MAX_REQUEST_BYTES}).
     */
    static <T> List<List<T>> split(List<T> items, ToIntFunction<T> size) {
        return Batches.split(items, MAX_ENTRIES, MAX_REQUEST_BYTES, item -> {
            int s = size.applyAsInt(item);
            if (s > MAX_REQUEST_BYTES) {
                throw new IllegalArgumentException("an entry of " + s + " bytes cannot fit a PutEvents request");
            }
            return s;
        });
    }

    private static int utf8(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }
}
