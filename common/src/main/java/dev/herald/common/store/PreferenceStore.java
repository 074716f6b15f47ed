package dev.herald.common.store;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Users' notification preferences (the Preferences table, PK {@code userId}). Reading many users is
 * one call per {@link #MAX_BATCH} users. A user without an item has no preferences: callers use
 * {@link Preferences#none(String)}.
 *
 * <p>A stored setting that cannot be read (an unknown time zone, a malformed time or opt-out entry) is
 * left out of the result and logged at WARN with the user id and the value, so one bad item never
 * stops notifications. Infrastructure faults are thrown as unchecked exceptions.
 */
public interface PreferenceStore {
    /** DynamoDB BatchGetItem reads at most 100 keys per call. */
    int MAX_BATCH = 100;

    Optional<Preferences> find(String userId);

    /**
     * Reads the preferences of many users (any number; read {@link #MAX_BATCH} at a time).
     *
     * @return user id to preferences, for the users that have an item
     */
    Map<String, Preferences> findAll(Collection<String> userIds);

    /** Replaces the user's preferences. */
    void put(Preferences preferences);
}
