package dev.herald.local.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import dev.herald.local.testing.WebSocketTestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's headless Chromium driven over the DevTools protocol from Java (no driver, no browser
 * download): opens one page and evaluates JavaScript in it.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/chromium");

    private final Path profile;
    private final Process process;
    private final WebSocketTestClient devtools;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    /** Skips the calling test, saying why and how to fix it, when Chromium is not installed. */
    static void assumeAvailable() {
        org.junit.jupiter.api.Assumptions.assumeTrue(available(), "SKIPPED: " + BINARY
                + " is missing; install the Debian package `chromium` (.ci/install-test-tools does) to run the dashboard browser test");
    }

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    HeadlessChromium(String url) throws Exception {
        profile = Files.createTempDirectory("herald-chromium");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        process = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=" + port, url)
                .redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile())
                .start();
        HttpClient http = HttpClient.newHttpClient();
        String socketUrl = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (socketUrl == null && System.nanoTime() < deadline) {
            try {
                JsonNode targets = Json.tree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                for (JsonNode t : targets) {
                    if (t.path("type").asText().equals("page") && t.has("webSocketDebuggerUrl")) {
                        socketUrl = t.get("webSocketDebuggerUrl").asText();
                    }
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (socketUrl == null) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("chromium exited with " + process.exitValue() + ": " + log());
                }
                Thread.sleep(200);
            }
        }
        if (socketUrl == null) {
            close();
            throw new IllegalStateException("chromium opened no DevTools page within 60 s: " + log());
        }
        devtools = WebSocketTestClient.connect(URI.create(socketUrl), this::answered);
    }

    /** Evaluates {@code expression} in the page (promises awaited) and returns its JSON value. */
    JsonNode evaluate(String expression) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode call = Json.object();
        call.put("id", id);
        call.put("method", "Runtime.evaluate");
        call.putObject("params").put("expression", expression).put("awaitPromise", true).put("returnByValue", true);
        devtools.webSocket().sendText(Json.write(call), true).get(30, TimeUnit.SECONDS);
        JsonNode result = answer.get(60, TimeUnit.SECONDS);
        if (result.has("error") || result.at("/result/exceptionDetails").isObject()) {
            throw new IllegalStateException("page evaluation of [" + expression + "] failed: " + result);
        }
        return result.at("/result/result/value");
    }

    /** Waits (generously) until {@code condition} is true in the page; fails with the page's text. */
    void awaitTrue(String condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (evaluate("Boolean(" + condition + ")").asBoolean(false)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("page never satisfied [" + condition + "] within " + timeout.toSeconds() + " s; page text:\n"
                + evaluate("document.body.innerText").asText());
    }

    String log() {
        try {
            return Files.readString(profile.resolve("chromium.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() throws Exception {
        if (devtools != null) {
            devtools.abort();
        }
        // Chromium's helper processes (network service, GPU) can outlive the browser process for a moment and keep
        // writing into the profile, so they are stopped too and the profile is removed tolerating files that vanish.
        List<ProcessHandle> helpers = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
        }
        for (ProcessHandle helper : helpers) {
            helper.destroyForcibly();
            helper.onExit().get(15, TimeUnit.SECONDS);
        }
        deleteProfile();
    }

    /** Removes the temporary profile; a file that disappears while the tree is walked is not an error. */
    private void deleteProfile() throws IOException {
        for (int attempt = 0; attempt < 3 && Files.exists(profile); attempt++) {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof NoSuchFileException)) {
                    throw e;
                }
            }
        }
    }

    /** A DevTools message: the answer to the call with its {@code id} (events, which have none, are not awaited). */
    private void answered(String text) {
        JsonNode message = Json.tree(text);
        if (message.has("id")) {
            CompletableFuture<JsonNode> f = pending.remove(message.get("id").asInt());
            if (f != null) {
                f.complete(message);
            }
        }
    }
}
