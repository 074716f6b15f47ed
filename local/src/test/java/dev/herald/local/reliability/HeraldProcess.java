package dev.herald.local.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code herald up} as a child JVM, started the way the {@code herald} script starts it (the module's
 * jar and {@code target/runtime-classpath.txt}), so a test can kill it with SIGKILL
 * ({@link #kill()}: {@code destroyForcibly}) and start it again on the same data directory and ports.
 * Its output goes to a log file beside the data directory.
 */
final class HeraldProcess implements AutoCloseable {
    private final Path dataDir;
    private final Path log;
    private final int edgePort;
    private final int webSocketPort;
    private final int apnsPort;
    private Process process;
    private Thread reader;

    HeraldProcess(Path dataDir, Path log) {
        this.dataDir = dataDir;
        this.log = log;
        this.edgePort = freePort();
        this.webSocketPort = freePort();
        this.apnsPort = freePort();
    }

    URI edge() {
        return URI.create("http://localhost:" + edgePort);
    }

    /** Starts it and waits for "herald up: ready" (or throws with the end of its log). */
    void start() throws Exception {
        Path moduleDir = Path.of("").toAbsolutePath();
        Path target = moduleDir.resolve("target");
        Path jar;
        try (Stream<Path> files = Files.list(target)) {
            jar = files.filter(p -> p.getFileName().toString().matches("herald-local-.*\\.jar")
                    && !p.getFileName().toString().contains("tests")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no herald-local jar in " + target + "; run ./mvnw verify"));
        }
        String classpath = jar + java.io.File.pathSeparator + Files.readString(target.resolve("runtime-classpath.txt")).trim();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED", "-cp", classpath,
                "dev.herald.local.HeraldUp", "up", "--demo", "--repo-root", moduleDir.getParent().toString(), "--data-dir", dataDir.toString(),
                "--port", Integer.toString(edgePort), "--websocket-port", Integer.toString(webSocketPort),
                "--apns-port", Integer.toString(apnsPort)));
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CountDownLatch ready = new CountDownLatch(1);
        Process p = process;
        reader = Thread.ofPlatform().daemon().name("herald-child-log").start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    Files.writeString(log, line + System.lineSeparator(), StandardCharsets.UTF_8,
                            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                    if (line.startsWith("herald up: ready")) {
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                // the process was killed: its output ends
            }
        });
        if (!ready.await(180, TimeUnit.SECONDS)) {
            String tail = Files.exists(log) ? String.join("\n", Files.readAllLines(log).stream()
                    .skip(Math.max(0, Files.readAllLines(log).size() - 30)).toList()) : "(no output)";
            kill();
            throw new IllegalStateException("herald up did not get ready within 180 s; its log ends with:\n" + tail);
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or closed. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(60, TimeUnit.SECONDS);
            process = null;
        }
    }

    /**
     * SIGTERM, as Ctrl-C or {@code docker stop}: the shutdown hook stops everything in order. Waits up to 90 s.
     *
     * @return the exit status (143 after SIGTERM), or -1 when it had not ended after 90 s (then it is killed)
     */
    int terminate() throws InterruptedException {
        Process p = process;
        process = null;
        // the handle's destroy sends SIGTERM and nothing else: Process.destroy() also closes the pipes, which would
        // lose everything the process prints while it stops
        p.toHandle().destroy();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        // the process has ended: its output ends too, once the reader has written the last lines
        reader.join(Duration.ofSeconds(60));
        return p.exitValue();
    }

    Path dataDir() {
        return dataDir;
    }

    /** Stops it normally (SIGTERM, the shutdown hook closes everything). */
    @Override
    public void close() throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            process = null;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
