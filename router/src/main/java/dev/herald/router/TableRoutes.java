package dev.herald.router;

import dev.herald.common.config.ConfigException;
import dev.herald.common.store.RouteStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's routes read from the Routes table ({@link RouteStore}), cached per warm container.
 *
 * <p>Asked once per batch ({@link BatchRouter}), never per event. At most every {@code checkEvery} it reads the
 * table's version item (one strongly consistent GetItem of a few bytes); only when the version moved (the admin API
 * raises it on every write and delete) does it read the routes again. Whatever the version says, the routes are read
 * again after {@link #MAX_AGE}, so even an item written straight into the table takes effect within 30 s.
 *
 * <p>A route document that does not parse (written around the admin API, which validates) is left out with an error
 * in the log naming it; the others keep routing. When the table cannot be read, the last routes loaded stay in use;
 * before any load succeeded, the SDK's exception reaches the caller (the batch is retried).
 */
final class TableRoutes implements Supplier<RoutePlanner> {
    /** The longest a loaded set of routes is used without reading the table again. */
    static final Duration MAX_AGE = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(TableRoutes.class);

    private final RouteStore store;
    private final Clock clock;
    private final Duration checkEvery;
    private RoutePlanner planner;
    private long version = -1;
    private Instant loadedAt = Instant.MIN;
    private Instant checkedAt = Instant.MIN;

    /** @param checkEvery how long a version check holds (zero: every batch checks; herald up uses that) */
    TableRoutes(RouteStore store, Clock clock, Duration checkEvery) {
        this.store = store;
        this.clock = clock;
        this.checkEvery = checkEvery;
    }

    @Override
    public synchronized RoutePlanner get() {
        Instant now = clock.instant();
        if (planner != null && now.isBefore(checkedAt.plus(checkEvery)) && now.isBefore(loadedAt.plus(MAX_AGE))) {
            return planner;
        }
        try {
            long current = store.version();
            checkedAt = now;
            if (planner == null || current != version || !now.isBefore(loadedAt.plus(MAX_AGE))) {
                planner = new RoutePlanner(load());
                version = current;
                loadedAt = now;
            }
        } catch (RuntimeException e) {
            if (planner == null) {
                throw e;
            }
            LOG.warn("routes table unreadable, routing with the routes loaded at={} error={}", loadedAt, e.toString());
        }
        return planner;
    }

    private RouteTable load() {
        List<String> usable = new ArrayList<>();
        for (RouteStore.StoredRoute route : store.list()) {
            try {
                RouteTable.fromDocuments("table", List.of(route.document()));
                usable.add(route.document());
            } catch (ConfigException e) {
                LOG.error("route left out routeId={} error={}", route.routeId(), e.getMessage());
            }
        }
        RouteTable table = RouteTable.fromDocuments("table", usable);
        LOG.info("routes loaded count={}", table.routes().size());
        return table;
    }
}
