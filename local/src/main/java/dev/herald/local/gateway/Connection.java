package dev.herald.local.gateway;

import org.eclipse.jetty.websocket.api.Session;

/**
 * One open WebSocket connection. Deliberately small (a benchmark holds 10,000 idle ones): the Jetty
 * session, two timestamps and the identity API Gateway reports; no copy of the handshake.
 */
final class Connection {
    final String id;
    final Session session;
    final long connectedAt;
    final String sourceIp;
    final String userAgent;
    volatile long lastActiveAt;

    Connection(String id, Session session, long connectedAt, String sourceIp, String userAgent) {
        this.id = id;
        this.session = session;
        this.connectedAt = connectedAt;
        this.sourceIp = sourceIp;
        this.userAgent = userAgent;
        this.lastActiveAt = connectedAt;
    }
}
