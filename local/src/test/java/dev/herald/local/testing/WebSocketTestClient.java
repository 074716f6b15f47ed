package dev.herald.local.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A browser's side of a WebSocket, for tests: the JDK client, with each text message (its partial
 * frames joined) put on a queue the test reads - or handed to a consumer of the caller's - and the
 * close status the server sent.
 *
 * <p>{@link #connect} blocks until the handshake is answered; a refused handshake throws a
 * {@link java.util.concurrent.CompletionException} whose cause is the
 * {@link java.net.http.WebSocketHandshakeException} carrying the server's response.
 */
public final class WebSocketTestClient {
    /** How long the opening handshake may take before {@link #connect} fails with an {@code HttpTimeoutException}. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final Consumer<String> messages;
    private final WebSocket webSocket;

    private WebSocketTestClient(URI uri, Consumer<String> messages) {
        this.messages = messages == null ? frames::add : messages;
        webSocket = HTTP.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT).buildAsync(uri, new Listener()).join();
    }

    /** Opens {@code uri} ({@code ws://...}, with any query string such as {@code ?token=}) and waits for the handshake. */
    public static WebSocketTestClient connect(URI uri) {
        return new WebSocketTestClient(uri, null);
    }

    /**
     * Opens {@code uri} as {@link #connect(URI)} does, but hands each text message to {@code messages} (on the
     * WebSocket's thread, one at a time) instead of the queue.
     */
    public static WebSocketTestClient connect(URI uri, Consumer<String> messages) {
        return new WebSocketTestClient(uri, messages);
    }

    /** The next text message, removed from the queue; null if none arrives within {@code timeout}. */
    public String nextFrame(Duration timeout) throws InterruptedException {
        return frames.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * The next text message containing {@code text}, as JSON; the messages before it are removed
     * from the queue and dropped. Fails if none arrives within {@code patience}.
     */
    public JsonNode awaitFrame(String text, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            String f = frames.poll(1, TimeUnit.SECONDS);
            if (f != null && f.contains(text)) {
                return Json.tree(f);
            }
        }
        throw new AssertionError("no frame containing " + text + " within " + patience + "; frames still queued: " + frames);
    }

    /** How many of the messages still on the queue contain {@code text} (none is removed). */
    public long queuedFramesContaining(String text) {
        return frames.stream().filter(f -> f.contains(text)).count();
    }

    /** Sends {@code text} as one text message and waits until it is sent. */
    public void send(String text) {
        webSocket.sendText(text, true).join();
    }

    /** Completes with the status code of the server's close frame, or exceptionally if the connection failed. */
    public CompletableFuture<Integer> closed() {
        return closed;
    }

    /** The JDK WebSocket itself, for what this class does not wrap. */
    public WebSocket webSocket() {
        return webSocket;
    }

    /** Sends a normal close (1000) and waits until it is sent. */
    public void close() {
        webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }

    /** Drops the connection without a close frame, as a browser tab that is killed. */
    public void abort() {
        webSocket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                messages.accept(message);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
