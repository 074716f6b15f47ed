package dev.herald.local.engines;

import com.amazonaws.services.dynamodbv2.local.main.CommandLineInput;
import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.lang.reflect.Field;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DynamoDB Local - AWS's own engine - in this process, listening on loopback, with its tables in
 * {@code <dataDir>/dynamodb/shared-local-instance.db}. {@code -sharedDb} keeps one database whatever
 * credentials and region a client signs with (the SDK, the CLI and the functions all see the same
 * tables); {@code -disableTelemetry} keeps it from calling home.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/DynamoDBLocal.UsageNotes.html
 * <p>DynamoDB Local has no option for the interface it binds and listens on all of them: every table would
 * be open, unsigned, to the network on its (random) port. So its connector is bound to {@code 127.0.0.1}
 * before it starts; only the edge server, which checks signatures beyond loopback, reaches it.
 * <p>{@link #start()} fails with an {@link IllegalStateException} naming the port and the data
 * directory when the engine cannot start (port taken, directory not writable, another process holds the database).
 */
public final class EmbeddedDynamoDb implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDynamoDb.class);

    private static final String LOOPBACK = "127.0.0.1";

    private final Path directory;
    private final int port;
    private DynamoDBProxyServer server;

    /**
     * @param directory where the database file lives (created if missing)
     * @param port      the loopback port to listen on (the edge server proxies to it)
     */
    public EmbeddedDynamoDb(Path directory, int port) {
        this.directory = directory;
        this.port = port;
    }

    public synchronized EmbeddedDynamoDb start() {
        if (server != null) {
            return this;
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the DynamoDB data directory " + directory + "; check its permissions", e);
        }
        try {
            CommandLineInput input = new CommandLineInput(new String[] {
                "-port", Integer.toString(port), "-dbPath", directory.toAbsolutePath().toString(), "-sharedDb", "-disableTelemetry"});
            if (!input.init()) {
                throw new IllegalArgumentException("DynamoDB Local refused its options");
            }
            // createServer, not createServerFromCommandLineArgs: the same server without its configuration banner on stdout
            server = ServerRunner.createServer(input);
            bindToLoopback(server);
            server.start();
        } catch (Exception e) {
            server = null;
            throw new IllegalStateException("cannot start DynamoDB Local on port " + port + " with data in " + directory
                    + ": " + e.getMessage() + "; is another herald up using this data directory or port?", e);
        }
        LOG.info("dynamodb local started port={} dataDir={}", port, directory);
        return this;
    }

    /**
     * Binds the not yet started server's connector to 127.0.0.1. DynamoDB Local keeps its Jetty server in a private
     * field and offers no option for it; if that ever changes, refuse to start rather than listen on every interface.
     */
    private static void bindToLoopback(DynamoDBProxyServer proxy) {
        try {
            Field field = DynamoDBProxyServer.class.getDeclaredField("server");
            field.setAccessible(true);
            Server jetty = (Server) field.get(proxy);
            for (Connector connector : jetty.getConnectors()) {
                if (!(connector instanceof ServerConnector network)) {
                    throw new IllegalStateException("DynamoDB Local has a connector of type " + connector.getClass().getName());
                }
                network.setHost(LOOPBACK);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot bind DynamoDB Local to " + LOOPBACK + " (" + e + "); it would listen on every"
                    + " interface, so it is not started - check the DynamoDBLocal version against docs and the parent POM", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: the engine itself, behind the edge server. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("dynamodb local did not stop cleanly error={}", e.toString());
        }
        server = null;
    }
}
