package dev.herald.common.ledger;

/**
 * The partition key of the ledger's {@code byNotification} index: {@code notificationId#shard}, the shard taken from
 * the user id. One key per notification would put every row of a large fan-out (100,000 members, three channels) on
 * one index partition, which takes about 1,000 writes a second; a throttled index throttles the table's own writes.
 * {@value #SHARDS} keys spread them, and a reader queries the shards in turn.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-sharding.html
 */
public final class LedgerShards {
    /** How many index keys one notification's rows spread over. */
    public static final int SHARDS = 16;
    /** The ledger attribute the {@code byNotification} index is keyed on. */
    public static final String NOTIFICATION_SHARD = "notificationShard";

    private LedgerShards() {
    }

    /** The index key of the row of {@code userId} for {@code notificationId}. */
    public static String notificationShard(String notificationId, String userId) {
        return key(notificationId, Math.floorMod(userId.hashCode(), SHARDS));
    }

    /** The index key of shard {@code shard} (0 .. {@link #SHARDS} - 1) of a notification. */
    public static String key(String notificationId, int shard) {
        return notificationId + "#" + shard;
    }
}
