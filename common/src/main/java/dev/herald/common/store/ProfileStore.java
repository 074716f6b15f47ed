package dev.herald.common.store;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * User profiles (the Profiles table, PK {@code userId}), read by enrichment to personalise and
 * localise messages. Read-only here: profiles are written by the application that owns the users.
 *
 * <p>Failure: implementations throw {@link StoreException} or the SDK's exception for infrastructure
 * faults; an unknown user is not a fault (it is absent from the answer).
 */
public interface ProfileStore {

    /**
     * One profile. Every field but {@code userId} may be null when the item lacks it.
     *
     * @param displayName the name to greet the user with
     * @param email       the user's address (never log it)
     * @param locale      a BCP 47 locale such as {@code fr-CA}
     * @param timeZone    an IANA zone id such as {@code Europe/Paris}
     */
    record Profile(String userId, String displayName, String email, String locale, String timeZone) {
    }

    Optional<Profile> find(String userId);

    /**
     * The profiles of these users, keyed by user id. Unknown ids, duplicates and blank ids are allowed:
     * unknown and blank ids are simply absent from the map.
     */
    Map<String, Profile> findAll(Collection<String> userIds);
}
