package dev.herald.local.s3;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Buckets and their objects, in memory (an object outlives no restart of {@code herald up}: the seed's files are
 * inputs to a notification, not data Herald keeps). Thread-safe; keys are kept in UTF-8 binary order as S3 lists them.
 */
final class S3Store {
    /** An object's bytes and the metadata S3 answers with. */
    record StoredObject(byte[] bytes, String etag, String contentType, Instant lastModified, Map<String, String> userMetadata) {
    }

    /** A bucket: its creation time, whether S3 sends its events to EventBridge, its objects by key. */
    record Bucket(String name, Instant created, boolean eventBridge, NavigableMap<String, StoredObject> objects) {
        Bucket withEventBridge(boolean enabled) {
            return new Bucket(name, created, enabled, objects);
        }
    }

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong sequencer = new AtomicLong(System.currentTimeMillis() * 1000);

    /** @return false when the bucket already exists */
    boolean create(String name) {
        return buckets.putIfAbsent(name, new Bucket(name, Instant.now(), false, new ConcurrentSkipListMap<>(S3Store::utf8Order))) == null;
    }

    Optional<Bucket> bucket(String name) {
        return Optional.ofNullable(buckets.get(name));
    }

    List<Bucket> buckets() {
        return buckets.values().stream().sorted(java.util.Comparator.comparing(Bucket::name)).toList();
    }

    /** @return false when the bucket does not exist */
    boolean setEventBridge(String name, boolean enabled) {
        return buckets.computeIfPresent(name, (n, b) -> b.withEventBridge(enabled)) != null;
    }

    /** Deletes an empty bucket. @return the reason it was not deleted, or empty */
    Optional<String> delete(String name) {
        Bucket b = buckets.get(name);
        if (b == null) {
            return Optional.of("NoSuchBucket");
        }
        if (!b.objects().isEmpty()) {
            return Optional.of("BucketNotEmpty");
        }
        buckets.remove(name, b);
        return Optional.empty();
    }

    /** A value that grows with every write, as S3's {@code sequencer} orders the events of one key. */
    String nextSequencer() {
        return String.format("%018X", sequencer.incrementAndGet());
    }

    /** S3 lists keys in UTF-8 binary order. */
    private static int utf8Order(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(java.nio.charset.StandardCharsets.UTF_8), b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
