package dev.herald.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free loopback ports, for the engines behind the edge server and for tests (port 0). */
final class Ports {
    private Ports() {
    }

    /** A port free right now on loopback (another process could still take it before it is bound). */
    static int free() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
        }
    }

    static int orFree(int port) {
        return port == 0 ? free() : port;
    }
}
