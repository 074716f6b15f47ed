package dev.herald.local;

/**
 * A piece of the local runtime that serves HTTP (or WebSocket) routes. The edge server
 * ({@code EdgeServer}, port 4566 by default) installs every component; AWS JSON-protocol calls
 * ({@code X-Amz-Target}) are dispatched by the edge server itself, REST-style AWS APIs (SES v2,
 * the {@code @connections} management API) and Herald's HTTP API by their paths.
 */
public interface EdgeComponent {
    /** Adds this component's routes to the edge server's Javalin configuration. */
    void install(io.javalin.config.JavalinConfig config);
}
