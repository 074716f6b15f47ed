package dev.herald.websocket;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.herald.common.concurrent.BoundedPool;
import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.delivery.ChannelMessages;
import dev.herald.common.store.ConnectionStore;
import dev.herald.common.store.ConnectionStore.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Looks up the connections of a whole batch's recipients at once, while the batch's ledger claims are made: one Query
 * per distinct user of the batch (the Connections table is keyed by connection id, its {@code byUser} index cannot be
 * read with BatchGetItem), all started side by side when the batch arrives, so a delivery finds its connections
 * waiting after its claim instead of querying after it. A delivery that was not prefetched (its body did not parse here,
 * or it arrived outside {@link #prefetch}) is looked up on its own, as before.
 *
 * <p>The answers are at most a claim's round trip older than a query after the claim would be; a connection closed in
 * between is gone (410) on the post and its row is deleted, as for a connection closed between query and post.
 */
final class BatchConnections {
    private final ConnectionStore store;
    private final BoundedPool pool;
    /** Per delivery id of the batches in progress, its user's lookup. */
    private final Map<String, Future<List<Connection>>> pending = new ConcurrentHashMap<>();

    BatchConnections(ConnectionStore store, BoundedPool pool) {
        this.store = store;
        this.pool = pool;
    }

    /** Starts the lookups of a batch's recipients, one per distinct user; returns the delivery ids to {@link #forget}. */
    List<String> prefetch(SQSEvent event) {
        List<String> ids = new ArrayList<>();
        if (event == null || event.getRecords() == null) {
            return ids;
        }
        Map<String, Future<List<Connection>>> byUser = new HashMap<>();
        for (SQSEvent.SQSMessage record : event.getRecords()) {
            ChannelMessage message;
            try {
                message = ChannelMessages.fromJson(record.getBody());
            } catch (RuntimeException e) {
                continue; // the processor rejects it with its reason
            }
            if (message == null || message.userId() == null || message.deliveryId() == null) {
                continue;
            }
            Future<List<Connection>> lookup = byUser.computeIfAbsent(message.userId(), u -> pool.submit(() -> store.forUser(u)));
            pending.put(message.deliveryId(), lookup);
            ids.add(message.deliveryId());
        }
        return ids;
    }

    /** The live connections of the message's recipient: the batch's lookup when there is one, else a Query now. */
    List<Connection> forUser(ChannelMessage message) {
        Future<List<Connection>> lookup = pending.remove(message.deliveryId());
        if (lookup == null) {
            return store.forUser(message.userId());
        }
        try {
            return lookup.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking up the connections of " + message.userId(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("looking up the connections of " + message.userId() + " failed: " + e.getCause(), e.getCause());
        }
    }

    /** Drops the lookups of a finished batch that no delivery used (deferred or already-final messages). */
    void forget(List<String> deliveryIds) {
        deliveryIds.forEach(pending::remove);
    }

    ConnectionStore store() {
        return store;
    }
}
