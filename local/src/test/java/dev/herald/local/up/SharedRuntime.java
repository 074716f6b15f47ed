package dev.herald.local.up;

import dev.herald.local.LocalRuntime;
import dev.herald.local.RuntimeOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One {@code herald up} runtime for the test JVM: free ports, a temporary data directory, and a
 * repository root without function jars (so no queue is polled and published events stay in
 * their queues for the tests to read). Tests keep apart by unique ids and by draining the queues they read.
 */
final class SharedRuntime {
    private static LocalRuntime runtime;
    private static EdgeClients clients;

    private SharedRuntime() {
    }

    static synchronized LocalRuntime get() {
        if (runtime == null) {
            try {
                Path data = Files.createTempDirectory("herald-up-it-data");
                Path repo = Files.createTempDirectory("herald-up-it-repo");
                runtime = LocalRuntime.start(RuntimeOptions.ephemeral(data, repo));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            clients = EdgeClients.of(runtime.edgeEndpoint(), runtime.region());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                clients.close();
                runtime.close();
            }, "shared-runtime-stop"));
        }
        return runtime;
    }

    static synchronized EdgeClients clients() {
        get();
        return clients;
    }
}
