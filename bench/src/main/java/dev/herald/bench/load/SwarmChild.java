package dev.herald.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts and talks to a {@link SwarmProcess}: N WebSocket clients in another JVM. */
final class SwarmChild implements AutoCloseable {
    /** What the child reported: frames received, first and last arrival ({@link System#nanoTime()}), clients still open. */
    record Frames(long count, long firstNanos, long lastNanos, int open) {
    }

    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    private final Path tokenFile;
    final int open;
    final int refused;

    SwarmChild(URI endpoint, List<String> tokens, int maxPending) throws IOException {
        tokenFile = Files.createTempFile("herald-bench-tokens", ".txt");
        Files.write(tokenFile, tokens);
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx768m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                SwarmProcess.class.getName(), endpoint.toString(), tokenFile.toString(), Integer.toString(maxPending)));
        process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        String line = out.readLine();
        if (line == null || !line.startsWith("CONNECTED ")) {
            close();
            throw new IllegalStateException("the WebSocket client process ended before connecting: " + line);
        }
        String[] parts = line.split(" ");
        open = Integer.parseInt(parts[1]);
        refused = Integer.parseInt(parts[2]);
    }

    Frames frames() throws IOException {
        in.println("COUNT");
        String[] parts = out.readLine().split(" ");
        return new Frames(Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3]), Integer.parseInt(parts[4]));
    }

    /** Polls until {@code n} frames arrived or the timeout passed. */
    Frames awaitFrames(long n, long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        Frames f = frames();
        while (f.count() < n && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            f = frames();
        }
        return f;
    }

    @Override
    public void close() {
        in.println("EXIT");
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroy();
            }
            Files.deleteIfExists(tokenFile);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
        } catch (IOException e) {
            // a temporary file
        }
    }
}
