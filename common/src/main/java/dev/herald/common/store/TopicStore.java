package dev.herald.common.store;

import java.util.List;
import java.util.Optional;

/**
 * Who subscribes to which topic (the Topics table: PK {@code topic}, SK {@code userId}, GSI
 * {@code byUser}). A topic may have many subscribers, so they are read in pages: pass the
 * {@link Page#nextPageToken()} of one page to get the next, until it is empty.
 *
 * <p>Writes are idempotent (subscribing twice, or unsubscribing someone who is not subscribed, is not
 * an error). Implementations throw unchecked exceptions only for infrastructure faults, and
 * {@link IllegalArgumentException} for a page token they did not issue.
 */
public interface TopicStore {
    /** DynamoDB's 1 MB page holds many more ids than this; a caller asking for more gets this many. */
    int MAX_PAGE_SIZE = 1000;

    /** Subscribes {@code userId} to {@code topic}; keeps the first subscription time if already subscribed. */
    void subscribe(String topic, String userId);

    /** Removes the subscription, if there is one. */
    void unsubscribe(String topic, String userId);

    /**
     * One page of a topic's subscribers, in user id order.
     *
     * @param pageToken null for the first page, else the previous page's {@link Page#nextPageToken()}
     * @param pageSize  at most this many user ids (1..{@link #MAX_PAGE_SIZE})
     */
    Page subscribers(String topic, String pageToken, int pageSize);

    /** The topics {@code userId} subscribes to, in topic order (read from the {@code byUser} index). */
    List<String> topicsOf(String userId);

    /**
     * @param userIds       the subscribers on this page (may be empty even when a next page exists)
     * @param nextPageToken the token for the next page, or empty when this was the last one
     */
    record Page(List<String> userIds, Optional<String> nextPageToken) {
        public Page {
            userIds = List.copyOf(userIds);
        }
    }
}
