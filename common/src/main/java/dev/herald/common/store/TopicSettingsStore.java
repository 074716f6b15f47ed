package dev.herald.common.store;

import java.util.Collection;
import java.util.Map;

/**
 * Per-topic settings (the TopicSettings table, PK {@code topic}). A topic without an item has the defaults
 * ({@link TopicSettings#defaults}): only an operator changes its members. Infrastructure faults are thrown
 * as unchecked exceptions.
 */
public interface TopicSettingsStore {
    /** The topic's settings, or the defaults when it has none. */
    TopicSettings find(String topic);

    /** The settings of many topics (the defaults for those without an item). */
    Map<String, TopicSettings> findAll(Collection<String> topics);

    /** Replaces the topic's settings. */
    void put(TopicSettings settings);

    /**
     * @param selfService whether a user may join and leave the topic with their own token ({@code PUT|DELETE /v1/me/topics/{topic}})
     */
    record TopicSettings(String topic, boolean selfService) {
        public static TopicSettings defaults(String topic) {
            return new TopicSettings(topic, false);
        }
    }
}
