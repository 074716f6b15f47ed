package dev.herald.local.clock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import dev.herald.local.edge.AwsJson;
import dev.herald.local.edge.AwsJsonService;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQS message delays on the adjustable clock. ElasticMQ delays a message by the wall clock, so under
 * {@link AdjustableClock} the edge's SQS JSON API goes through this service: a {@code SendMessage} - or a
 * {@code SendMessageBatch} entry - that carries {@code DelaySeconds} of 1 to 900 on a standard queue is held here until
 * the adjustable clock reaches its time (checked on every {@link AdjustableClock#advance} and once a second), then sent
 * to ElasticMQ without a delay. The caller is answered as SQS answers a send ({@code MessageId} and the MD5 digests the
 * SDKs check, {@link SqsChecksums}); in a batch, the entries that are not delayed go to ElasticMQ at once and the answers
 * are merged. Every other call - and a queue's own {@code DelaySeconds} attribute, which ElasticMQ applies - passes to
 * ElasticMQ unchanged. Held messages live in memory: a restart of {@code herald up} loses them (tests only).
 *
 * <p>Failure behaviour: a release that ElasticMQ refuses or does not answer is logged and tried again on the next tick;
 * a batch whose immediate part ElasticMQ refuses is answered with ElasticMQ's error and nothing of it is held.
 */
public final class DelayLine implements AwsJsonService, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DelayLine.class);
    /** SQS's longest message delay; a longer one is ElasticMQ's to refuse. */
    private static final int MAX_DELAY_SECONDS = 900;
    private static final String JSON_1_0 = "application/x-amz-json-1.0";

    private record Held(Instant due, long order, String queueUrl, ObjectNode send) {
    }

    private final AwsJsonService engine;
    private final URI elasticMq;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    private final PriorityQueue<Held> line = new PriorityQueue<>((a, b) -> a.due().equals(b.due())
            ? Long.compare(a.order(), b.order()) : a.due().compareTo(b.due()));
    private final AtomicLong order = new AtomicLong();
    private final AtomicLong released = new AtomicLong();
    private ScheduledExecutorService ticker;

    /**
     * @param engine    the SQS service every call but a delayed send goes to (the proxy to ElasticMQ)
     * @param elasticMq ElasticMQ's endpoint, where due messages are sent
     * @param clock     the adjustable clock
     */
    public DelayLine(AwsJsonService engine, URI elasticMq, Clock clock) {
        this.engine = engine;
        this.elasticMq = elasticMq;
        this.clock = clock;
    }

    /** Releases due messages every second until {@link #close()}. */
    public synchronized DelayLine start() {
        if (ticker == null) {
            ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("herald-delay-line").factory());
            ticker.scheduleWithFixedDelay(this::releaseDue, 1, 1, TimeUnit.SECONDS);
        }
        return this;
    }

    @Override
    public String targetPrefix() {
        return engine.targetPrefix();
    }

    @Override
    public void handle(String operation, byte[] body, Context ctx) {
        JsonNode request = parse(body);
        if (request != null && operation.equals("SendMessage") && delayed(request)) {
            AwsJson.ok(ctx, answer(hold(request.path("QueueUrl").asText(), (ObjectNode) request), null));
            ctx.contentType(JSON_1_0);
            return;
        }
        if (request != null && operation.equals("SendMessageBatch") && holdsSomeOf(request)) {
            sendBatch((ObjectNode) request, ctx);
            return;
        }
        engine.handle(operation, body, ctx);
    }

    /** Messages waiting for their time. */
    public synchronized int held() {
        return line.size();
    }

    /** Messages sent to ElasticMQ at their time so far. */
    public long released() {
        return released.get();
    }

    /** Sends every message whose time has come to ElasticMQ, oldest first; returns how many went. */
    public synchronized int releaseDue() {
        Instant now = clock.instant();
        int count = 0;
        while (!line.isEmpty() && !line.peek().due().isAfter(now)) {
            Held h = line.peek();
            HttpResponse<String> r = post("SendMessage", h.send());
            if (r == null || r.statusCode() != 200) {
                LOG.warn("delayed message not released; tried again in a second queue={} status={} answer={}", h.queueUrl(),
                        r == null ? "no answer" : r.statusCode(), r == null ? "" : r.body());
                break;
            }
            line.poll();
            released.incrementAndGet();
            count++;
        }
        if (count > 0) {
            LOG.debug("delayed messages released count={} now={}", count, now);
        }
        return count;
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode node = Json.tree(new String(body, StandardCharsets.UTF_8));
            return node != null && node.isObject() ? node : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean delayed(JsonNode send) {
        int delay = send.path("DelaySeconds").asInt(0);
        String queueUrl = send.path("QueueUrl").asText("");
        return delay > 0 && delay <= MAX_DELAY_SECONDS && !queueUrl.isEmpty() && !queueUrl.endsWith(".fifo") && send.path("MessageBody").isTextual();
    }

    /** A well-formed batch (1-10 entries, unique ids, a queue) with a delayed entry. */
    private static boolean holdsSomeOf(JsonNode batch) {
        JsonNode entries = batch.path("Entries");
        String queueUrl = batch.path("QueueUrl").asText("");
        if (!entries.isArray() || entries.isEmpty() || entries.size() > 10 || queueUrl.isEmpty()) {
            return false;
        }
        Set<String> ids = new HashSet<>();
        boolean any = false;
        for (JsonNode e : entries) {
            if (!ids.add(e.path("Id").asText(""))) {
                return false;
            }
            ObjectNode asSend = e.deepCopy();
            asSend.put("QueueUrl", queueUrl);
            any |= delayed(asSend);
        }
        return any;
    }

    private void sendBatch(ObjectNode batch, Context ctx) {
        String queueUrl = batch.get("QueueUrl").asText();
        ArrayNode now = Json.mapper().createArrayNode();
        List<ObjectNode> later = new ArrayList<>();
        for (JsonNode e : batch.get("Entries")) {
            ObjectNode asSend = e.deepCopy();
            asSend.put("QueueUrl", queueUrl);
            if (delayed(asSend)) {
                later.add((ObjectNode) e);
            } else {
                now.add(e);
            }
        }
        ObjectNode result = Json.object();
        ArrayNode successful = result.putArray("Successful");
        ArrayNode failed = result.putArray("Failed");
        if (!now.isEmpty()) {
            ObjectNode immediate = batch.deepCopy();
            immediate.set("Entries", now);
            HttpResponse<String> r = post("SendMessageBatch", immediate);
            if (r == null) {
                AwsJson.error(ctx, 503, "ServiceUnavailable", "ElasticMQ did not answer; is herald up still running?");
                return;
            }
            if (r.statusCode() != 200) {
                ctx.status(r.statusCode()).contentType(JSON_1_0).result(r.body());
                r.headers().firstValue("x-amzn-ErrorType").ifPresent(t -> ctx.header("x-amzn-ErrorType", t));
                return;
            }
            JsonNode answered = Json.tree(r.body());
            answered.path("Successful").forEach(successful::add);
            answered.path("Failed").forEach(failed::add);
        }
        for (ObjectNode e : later) {
            ObjectNode send = e.deepCopy();
            send.remove("Id");
            send.put("QueueUrl", queueUrl);
            successful.add(answer(hold(queueUrl, send), e.get("Id").asText()));
        }
        AwsJson.ok(ctx, result);
        ctx.contentType(JSON_1_0);
    }

    private synchronized ObjectNode hold(String queueUrl, ObjectNode send) {
        ObjectNode copy = send.deepCopy();
        int delay = copy.path("DelaySeconds").asInt();
        copy.remove("DelaySeconds");
        Instant due = clock.instant().plusSeconds(delay);
        line.add(new Held(due, order.incrementAndGet(), queueUrl, copy));
        LOG.debug("delayed message held queue={} delaySeconds={} due={}", queueUrl, delay, due);
        return copy;
    }

    /** What SQS answers a send with: its id and the digests of what was sent. */
    private static ObjectNode answer(ObjectNode send, String entryId) {
        ObjectNode a = Json.object();
        if (entryId != null) {
            a.put("Id", entryId);
        }
        a.put("MessageId", UUID.randomUUID().toString());
        a.put("MD5OfMessageBody", SqsChecksums.ofBody(send.path("MessageBody").asText()));
        if (send.path("MessageAttributes").size() > 0) {
            a.put("MD5OfMessageAttributes", SqsChecksums.ofAttributes(send.get("MessageAttributes")));
        }
        if (send.path("MessageSystemAttributes").size() > 0) {
            a.put("MD5OfMessageSystemAttributes", SqsChecksums.ofAttributes(send.get("MessageSystemAttributes")));
        }
        return a;
    }

    private HttpResponse<String> post(String operation, JsonNode body) {
        HttpRequest request = HttpRequest.newBuilder(elasticMq.resolve("/")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", JSON_1_0).header("X-Amz-Target", "AmazonSQS." + operation)
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            LOG.warn("ElasticMQ did not answer operation={} error={}", operation, e.toString());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
    }
}
