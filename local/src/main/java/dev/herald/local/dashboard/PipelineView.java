package dev.herald.local.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import dev.herald.common.topology.FunctionSpec;
import dev.herald.common.topology.QueueSpec;
import dev.herald.common.topology.Topology;
import dev.herald.local.EdgeComponent;
import dev.herald.local.lambda.LambdaHost;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The dashboard's live view of the pipeline, at {@code /dashboard/pipeline}: per stage (a queue and the function it
 * feeds) the messages waiting, in flight (received, not yet deleted) and in its dead-letter queue, the function's
 * invocations; per channel the deliveries sent, rejected and failed; and a chart of deliveries sent per second per
 * channel over the last five minutes. The page (plain JavaScript and SVG, nothing from the internet) polls
 * {@code GET /dashboard/api/pipeline} every second, so it moves without a reload.
 * <p>Queue depths are SQS's {@code ApproximateNumberOfMessages[NotVisible]} as on AWS; delivery counts come from the
 * functions' {@code delivery outcome} log lines ({@link PipelineStats}). Answered only to loopback callers (403
 * otherwise), like the rest of the dashboard; a queue that cannot be read is shown with its error.
 */
public final class PipelineView implements EdgeComponent {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineView.class);

    private final Topology topology;
    private final SqsClient sqs;
    private final Map<String, String> queueUrls;
    private final Supplier<Map<String, LambdaHost.InvocationStats>> invocations;
    private final PipelineStats stats;
    private final DashboardGuard guard;

    /**
     * @param sqs         a client for the queues (the runtime's own, to ElasticMQ)
     * @param queueUrls   queue name to URL
     * @param invocations the Lambda host's invocation counts, read per request
     * @param stats       the delivery counts from the functions' logs
     * @param guard       the dashboard's Host and Origin checks, which this page passes too
     */
    public PipelineView(Topology topology, SqsClient sqs, Map<String, String> queueUrls,
                        Supplier<Map<String, LambdaHost.InvocationStats>> invocations, PipelineStats stats, DashboardGuard guard) {
        this.guard = guard;
        this.topology = topology;
        this.sqs = sqs;
        this.queueUrls = Map.copyOf(queueUrls);
        this.invocations = invocations;
        this.stats = stats;
    }

    @Override
    public void install(JavalinConfig config) {
        config.routes.get("/dashboard/pipeline", guard.read(ctx -> asset(ctx, "pipeline.html", "text/html; charset=utf-8")));
        config.routes.get("/dashboard/pipeline.js", guard.read(ctx -> asset(ctx, "pipeline.js", "text/javascript; charset=utf-8")));
        config.routes.get("/dashboard/api/pipeline", guard.read(this::pipeline));
    }

    private void pipeline(Context ctx) {
        if (!Dashboard.isLoopback(ctx.ip())) {
            ctx.status(403).contentType("application/json").result(Json.write(Json.object()
                    .put("message", "the pipeline view answers only callers on this machine; open it where herald up runs")));
            return;
        }
        ObjectNode out = stats.toJson();
        Map<String, LambdaHost.InvocationStats> calls = invocations.get();
        ArrayNode stages = out.putArray("stages");
        for (QueueSpec queue : topology.queues()) {
            if (queue.deadLetter().isEmpty()) {
                continue; // a dead-letter queue is shown with the queue it belongs to
            }
            ObjectNode stage = stages.addObject();
            stage.put("queue", queue.name());
            String function = consumer(queue.name());
            stage.put("function", function);
            stage.put("invocations", function == null || !calls.containsKey(function) ? 0 : calls.get(function).invocations());
            try {
                Map<QueueAttributeName, String> a = attributes(queue.name());
                stage.put("waiting", Long.parseLong(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")));
                stage.put("inFlight", Long.parseLong(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0")));
                String dlq = queue.deadLetter().get().queue();
                stage.put("deadLetterQueue", dlq);
                stage.put("deadLetters", Long.parseLong(attributes(dlq).getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")));
            } catch (RuntimeException e) {
                LOG.debug("queue attributes not read queue={} error={}", queue.name(), e.toString());
                stage.put("error", "cannot read " + queue.name() + ": " + e.getMessage());
            }
        }
        ctx.status(200).header("Cache-Control", "no-store").contentType("application/json").result(Json.write(out));
    }

    private Map<QueueAttributeName, String> attributes(String queue) {
        String url = queueUrls.get(queue);
        if (url == null) {
            throw new IllegalStateException("no URL for queue " + queue);
        }
        return sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(List.of(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))).attributes();
    }

    private String consumer(String queue) {
        return topology.queueConsumers().stream().filter(f -> f.trigger().orElseThrow().queue().equals(queue))
                .map(FunctionSpec::name).findFirst().orElse(null);
    }

    private static void asset(Context ctx, String name, String contentType) {
        try (InputStream in = PipelineView.class.getResourceAsStream("/dashboard/" + name)) {
            if (in == null) {
                ctx.status(500).result("dashboard asset " + name + " is missing from the classpath; rebuild the local module");
                return;
            }
            ctx.header("Content-Security-Policy", Dashboard.CSP).header("X-Content-Type-Options", "nosniff")
                    .header("Cache-Control", "no-store").contentType(contentType).result(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
