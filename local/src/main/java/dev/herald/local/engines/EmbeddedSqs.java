package dev.herald.local.engines;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.elasticmq.server.ElasticMQServer;
import org.elasticmq.server.config.ElasticMQServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Function0;

/**
 * ElasticMQ - a real SQS server - in this process, on a loopback port behind the edge server.
 * <ul>
 *   <li>Queues and messages survive a restart: ElasticMQ's SQL {@code messages-storage} keeps both
 *       in an H2 database at {@code <dataDir>/sqs/elasticmq.mv.db} and restores them at start
 *       (its file-based {@code queues-storage} keeps only queue metadata, not messages). Each change is
 *       written to the file when it is committed, so a killed process loses no acknowledged message.</li>
 *   <li>Queue URLs point at the edge server ({@code node-address} = {@code publicEndpoint}), so a
 *       {@code QueueUrl} returned by ElasticMQ works for every client of {@code AWS_ENDPOINT_URL}.</li>
 *   <li>Queue ARNs carry {@code region} and account {@code 000000000000}, as on AWS.</li>
 * </ul>
 * {@link #start()} throws {@link IllegalStateException} when the server cannot bind or restore.
 * https://github.com/softwaremill/elasticmq#message-persistence
 */
public final class EmbeddedSqs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSqs.class);
    public static final String ACCOUNT_ID = "000000000000";
    private static final java.time.Duration STOP_WAIT = java.time.Duration.ofSeconds(10);
    private static final String PEKKO_JVM_HOOK = "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook";

    private final Path directory;
    private final int port;
    private final URI publicEndpoint;
    private final String region;
    private Function0<?> shutdown;

    /**
     * @param directory      where the H2 database lives (created if missing)
     * @param port           loopback port ElasticMQ listens on
     * @param publicEndpoint the edge server's URL, used in every queue URL ElasticMQ hands out
     * @param region         the region written into queue ARNs
     */
    public EmbeddedSqs(Path directory, int port, URI publicEndpoint, String region) {
        this.directory = directory;
        this.port = port;
        this.publicEndpoint = publicEndpoint;
        this.region = region;
    }

    public synchronized EmbeddedSqs start() {
        if (shutdown != null) {
            return this;
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the SQS data directory " + directory + "; check its permissions", e);
        }
        // ElasticMQ's actor system reads the default configuration, where system properties win: the runtime
        // stops ElasticMQ itself, in order, so Pekko's own JVM shutdown hook would only race it
        if (System.getProperty(PEKKO_JVM_HOOK) == null) {
            System.setProperty(PEKKO_JVM_HOOK, "off");
        }
        try {
            shutdown = new ElasticMQServer(new ElasticMQServerConfig(config())).start();
            // ElasticMQ logs a failed restore and shuts itself down instead of throwing: check it listens
            try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                probe.setSoTimeout(1000);
            }
        } catch (IOException e) {
            close();
            throw new IllegalStateException("ElasticMQ stopped right after starting on port " + port
                    + " (see its error above; a damaged " + directory.resolve("elasticmq.mv.db") + " can be deleted to start empty)", e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot start ElasticMQ on port " + port + " with data in " + directory
                    + ": " + e.getMessage() + "; is another herald up using this data directory or port?", e);
        }
        LOG.info("elasticmq started port={} dataDir={} queueUrlBase={}", port, directory, publicEndpoint);
        return this;
    }

    /** {@code http://127.0.0.1:<port>}: ElasticMQ itself, behind the edge server. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /**
     * Stops ElasticMQ, then closes its database - in that order, so no queue operation meets a closed store.
     * H2 does not close the database in a JVM shutdown hook of its own ({@code DB_CLOSE_ON_EXIT=FALSE}): that hook
     * ran beside herald up's and closed the store under a running ElasticMQ ("Database is already closed",
     * "Failed to notify queue event listener"). Callers stop the long polls first (the event-source mappings):
     * ElasticMQ's HTTP server lets requests in flight finish before it stops.
     */
    @Override
    public synchronized void close() {
        if (shutdown == null) {
            return;
        }
        Function0<?> stop = shutdown;
        shutdown = null;
        Thread stopper = new Thread(() -> {
            try {
                stop.apply();
            } catch (RuntimeException e) {
                LOG.warn("elasticmq did not stop cleanly error={}", e.toString());
            }
        }, "elasticmq-stop");
        stopper.setDaemon(true);
        stopper.start();
        try {
            stopper.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopper.isAlive()) {
            // closing the store now would fail the requests still running; committed messages are on disk already
            // (WRITE_DELAY=0), so leaving the database to the process exit loses nothing
            LOG.warn("elasticmq still answering requests after {}; its database is left to the process exit port={}", STOP_WAIT, port);
            return;
        }
        closeDatabase();
    }

    /** {@code SHUTDOWN} through a connection of this process: H2 writes the store and closes the file. */
    private void closeDatabase() {
        try (Connection c = DriverManager.getConnection(h2Url(), "", ""); Statement st = c.createStatement()) {
            st.execute("SHUTDOWN");
        } catch (SQLException e) {
            LOG.warn("the SQS database did not close cleanly; committed messages are kept file={} error={}",
                    directory.resolve("elasticmq.mv.db"), e.toString());
        }
    }

    private String h2Url() {
        // H2 in file mode; the database name is a path prefix (H2 adds .mv.db). Only this process opens it.
        // WRITE_DELAY=0: every commit is written to the file before ElasticMQ answers. H2's default (commits
        // written by a background thread up to 500 ms later) lost messages SendMessage had acknowledged when
        // the process was killed (kill -9, a crash, a closed laptop lid's OOM): CrashIT found 5 of 5,000 events gone.
        // DB_CLOSE_ON_EXIT=FALSE: close() closes it, after ElasticMQ stopped (see there).
        return "jdbc:h2:" + directory.toAbsolutePath().resolve("elasticmq") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    }

    private Config config() {
        String h2 = h2Url();
        Map<String, Object> values = Map.ofEntries(
                Map.entry("node-address.protocol", publicEndpoint.getScheme()),
                Map.entry("node-address.host", publicEndpoint.getHost()),
                Map.entry("node-address.port", publicEndpoint.getPort()),
                Map.entry("node-address.context-path", ""),
                Map.entry("generate-node-address", false),
                Map.entry("rest-sqs.enabled", true),
                Map.entry("rest-sqs.bind-port", port),
                Map.entry("rest-sqs.bind-hostname", "127.0.0.1"),
                Map.entry("rest-sqs.sqs-limits", "strict"),
                Map.entry("aws.region", region),
                Map.entry("aws.accountId", ACCOUNT_ID),
                Map.entry("messages-storage.enabled", true),
                Map.entry("messages-storage.driver-class", "org.h2.Driver"),
                Map.entry("messages-storage.uri", h2),
                Map.entry("messages-storage.username", ""),
                Map.entry("messages-storage.password", ""),
                Map.entry("messages-storage.prune-data-on-init", false));
        Config config = ConfigFactory.empty();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            config = config.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue()));
        }
        return config.withFallback(ConfigFactory.load()).resolve();
    }
}
