package dev.herald.common.store;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Routes as data (the Routes table, PK {@code routeId}): one JSON document per route, in the format the router's
 * {@code RouteTable} reads, plus a version that every write and delete raises, so a reader can tell with one small
 * read whether anything changed since it loaded the routes.
 *
 * <p>The store does not parse documents: the admin API validates them before {@link #put}, and the router parses
 * them when it loads the table. Failure: the SDK's exception for infrastructure faults; {@link IllegalArgumentException}
 * for an id that fails {@link #ID}.
 */
public interface RouteStore {
    /** Route ids: 1-128 of a-z, A-Z, 0-9, '.', '_', '-', starting with a letter or digit (no '#': the version item uses it). */
    Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /** One stored route: its id and its JSON document (whose {@code name} is the id). */
    record StoredRoute(String routeId, String document) {
    }

    /** Writes (or replaces) a route and raises the version. */
    void put(String routeId, String document);

    Optional<StoredRoute> get(String routeId);

    /** Every route, ordered by id. */
    List<StoredRoute> list();

    /** Removes a route (and raises the version); whether it was there. */
    boolean delete(String routeId);

    /** The version: 0 before the first write; raised by every put and delete. */
    long version();
}
