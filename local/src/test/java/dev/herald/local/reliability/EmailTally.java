package dev.herald.local.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The emails the SES emulator of a {@code herald up} child process accepted, per delivery id (its {@code deliveryId}
 * tag), read from the dashboard's {@code GET /dashboard/api/emails} every 200 ms on a thread of its own, each email
 * (by SES message id) counted once. The emulator keeps its log in memory: across a kill, the emails accepted after the
 * last read before the kill are not seen, so the tally can miss a send (never invent one): it can prove a duplicate,
 * not completeness.
 */
final class EmailTally implements AutoCloseable {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI emails;
    private final Set<String> seen = Collections.newSetFromMap(new ConcurrentHashMap<>());
    private final Map<String, Integer> byDelivery = new ConcurrentHashMap<>();
    private final Thread poller;
    private volatile boolean running = true;

    EmailTally(URI edge) {
        emails = edge.resolve("/dashboard/api/emails");
        poller = Thread.ofPlatform().daemon().name("email-tally").start(() -> {
            while (running) {
                poll();
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Reads the log once (a process that is down or starting is skipped). */
    synchronized void poll() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(emails).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return;
            }
            for (JsonNode e : Json.tree(r.body())) {
                JsonNode id = e.path("tags").path("deliveryId");
                if (!id.isMissingNode() && seen.add(e.path("messageId").asText())) {
                    byDelivery.merge(fromTag(id.asText()), 1, Integer::sum);
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // down (killed, restarting): the next read catches up with what the new process sends
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The delivery id a {@code deliveryId} SES tag carries: the email handler writes every byte other than a letter, a
     * digit or {@code -} as {@code _XX} (hex; SES tags allow no {@code #}), e.g. {@code n-1_23email_23user-2}.
     */
    static String fromTag(String tag) {
        return java.net.URLDecoder.decode(tag.replace('_', '%'), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Delivery ids whose email was accepted more than once, with the count. */
    Map<String, Integer> duplicates() {
        poll();
        Map<String, Integer> out = new TreeMap<>();
        byDelivery.forEach((id, n) -> {
            if (n > 1) {
                out.put(id, n);
            }
        });
        return out;
    }

    /** Emails seen in all (one per delivery id and send). */
    int received() {
        return byDelivery.values().stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public void close() {
        running = false;
        poller.interrupt();
    }
}
