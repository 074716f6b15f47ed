package dev.herald.webhook;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP receiver on 127.0.0.1 that checks every request's signature with the Standard Webhooks reference
 * library (com.standardwebhooks:standardwebhooks, an implementation independent of Herald's) and answers with the
 * statuses a test queues (200 once they run out).
 */
final class WebhookReceiver implements AutoCloseable {
    /** One request as received. */
    record Received(String id, String host, String body, boolean verified, String verifyError) {
    }

    private final HttpServer server;
    private final String secret;
    private final Deque<int[]> answers = new ArrayDeque<>();
    private final Deque<String> bodies = new ArrayDeque<>();
    final List<Received> received = new CopyOnWriteArrayList<>();

    WebhookReceiver(String secret) throws IOException {
        this.secret = secret;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String payload = new String(body, StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v));
            boolean verified;
            String error = null;
            try {
                new Webhook(secret).verify(payload, HttpHeaders.of(headers, (a, b) -> true));
                verified = true;
            } catch (Exception e) {
                verified = false;
                error = e.toString();
            }
            received.add(new Received(headers.getOrDefault("webhook-id", List.of("")).getFirst(),
                    exchange.getRequestHeaders().getFirst("Host"), payload, verified, error));
            int status;
            String answer;
            synchronized (answers) {
                int[] next = answers.poll();
                status = next == null ? 200 : next[0];
                String b = bodies.poll();
                answer = b == null ? "" : b;
            }
            byte[] out = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                exchange.getResponseBody().write(out);
            }
            exchange.close();
        });
        server.start();
    }

    /** The next answers, in order (then 200). */
    WebhookReceiver answer(int status, String body) {
        synchronized (answers) {
            answers.add(new int[] {status});
            bodies.add(body);
        }
        return this;
    }

    int port() {
        return server.getAddress().getPort();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port() + "/hooks/herald");
    }

    String secret() {
        return secret;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
