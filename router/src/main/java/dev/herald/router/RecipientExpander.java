package dev.herald.router;

import dev.herald.common.event.Recipient;
import dev.herald.common.store.TopicStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Expands recipients ({@code user} ids and {@code topic:NAME}) into chunks of distinct user ids.
 * Topics are read page by page as chunks are consumed, so a large topic is never held in memory at
 * once (only the ids already seen, to de-duplicate a user named twice or subscribed to two topics).
 * TopicStore faults surface from {@link Iterator#next()} as the store's unchecked exceptions.
 */
final class RecipientExpander {
    private final TopicStore topics;
    private final int chunkSize;
    private final int pageSize;

    /** Reads topic pages of {@code chunkSize} subscribers. */
    RecipientExpander(TopicStore topics, int chunkSize) {
        this(topics, chunkSize, chunkSize);
    }

    /** @param pageSize subscribers per topic read (a Query page), independent of the chunks' size */
    RecipientExpander(TopicStore topics, int chunkSize, int pageSize) {
        if (chunkSize < 1 || pageSize < 1) {
            throw new IllegalArgumentException("chunkSize and pageSize must be at least 1; got " + chunkSize + " and " + pageSize);
        }
        this.topics = topics;
        this.chunkSize = chunkSize;
        this.pageSize = pageSize;
    }

    /** Chunks of at most {@code chunkSize} distinct users, in the order recipients and topic pages give them. */
    Iterator<List<String>> chunks(List<Recipient> recipients) {
        return new Chunks(recipients);
    }

    private final class Chunks implements Iterator<List<String>> {
        private final List<Recipient> recipients;
        private final Set<String> seen = new HashSet<>();
        private final Deque<String> pending = new ArrayDeque<>();
        private int next;
        private String topic;
        private String pageToken;

        Chunks(List<Recipient> recipients) {
            this.recipients = recipients;
        }

        @Override
        public boolean hasNext() {
            fill();
            return !pending.isEmpty();
        }

        @Override
        public List<String> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            List<String> chunk = new ArrayList<>(Math.min(chunkSize, pending.size()));
            while (chunk.size() < chunkSize && !pending.isEmpty()) {
                chunk.add(pending.poll());
            }
            return chunk;
        }

        /** Reads recipients and topic pages until a whole chunk is pending or everything is read. */
        private void fill() {
            while (pending.size() < chunkSize) {
                if (topic != null) {
                    TopicStore.Page page = topics.subscribers(topic, pageToken, pageSize);
                    page.userIds().forEach(this::add);
                    pageToken = page.nextPageToken().orElse(null);
                    if (pageToken == null) {
                        topic = null;
                    }
                } else if (next < recipients.size()) {
                    switch (recipients.get(next++)) {
                        case Recipient.User u -> add(u.userId());
                        case Recipient.Topic t -> topic = t.name();
                    }
                } else {
                    return;
                }
            }
        }

        private void add(String userId) {
            if (seen.add(userId)) {
                pending.add(userId);
            }
        }
    }
}
