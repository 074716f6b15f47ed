package dev.herald.common.store;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The live WebSocket connections: one row per API Gateway connection id, found by connection id
 * (the {@code $default} route) or by user (delivery fans out to every tab and device of a user).
 *
 * <p>A row lives at most {@link #MAX_CONNECTION_TIME}, API Gateway's maximum connection duration: its
 * {@code expiresAt} lets DynamoDB TTL remove rows whose {@code $disconnect} never ran. TTL deletion is
 * lazy (it may lag by days), so {@link #find} and {@link #forUser} leave out rows that are past it.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html#apigateway-execution-service-websocket-limits-table
 *
 * <p>Implementations throw unchecked exceptions only for infrastructure faults (the caller retries or
 * fails the request).
 */
public interface ConnectionStore {
    /** API Gateway closes every WebSocket connection after 2 hours. */
    Duration MAX_CONNECTION_TIME = Duration.ofHours(2);

    /**
     * One connection.
     *
     * @param connectionId API Gateway's connection id (the {@code @connections} path segment)
     * @param userId       the verified token's subject
     * @param connectedAt  when API Gateway accepted the connection (millisecond precision)
     * @param expiresAt    {@code connectedAt + MAX_CONNECTION_TIME}: the TTL, stored as epoch seconds
     */
    record Connection(String connectionId, String userId, Instant connectedAt, Instant expiresAt) {
        /** A connection opened at {@code connectedAt}, expiring when API Gateway would close it. */
        public static Connection opened(String connectionId, String userId, Instant connectedAt) {
            Instant at = connectedAt.truncatedTo(ChronoUnit.MILLIS);
            return new Connection(connectionId, userId, at, at.plus(MAX_CONNECTION_TIME).truncatedTo(ChronoUnit.SECONDS));
        }

        /** True when API Gateway has closed this connection by now, whether or not the row is gone. */
        public boolean expiredAt(Instant now) {
            return !expiresAt.isAfter(now);
        }
    }

    /** Stores (or replaces) a connection. */
    void put(Connection connection);

    /** The connection with this id, unless it is missing or expired. */
    Optional<Connection> find(String connectionId);

    /** The user's live connections, oldest first; rows past their expiry are left out. */
    List<Connection> forUser(String userId);

    /** Deletes the connection's row; deleting a missing row is not an error. */
    void delete(String connectionId);
}
