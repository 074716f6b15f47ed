package dev.herald.local.lambda;

import dev.herald.common.topology.FunctionSpec;
import dev.herald.common.topology.SqsTrigger;
import dev.herald.common.topology.Topology;
import dev.herald.local.FunctionInvoker;
import dev.herald.local.emulators.FaultPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The SQS event source mappings of a Topology: every function with an {@link SqsTrigger} is fed from
 * its queue as Lambda feeds it - batch size, batching window, up to {@code maxConcurrency} concurrent
 * batches, the SQS event exactly as Lambda builds it, and the answer read as Lambda reads it with
 * {@code ReportBatchItemFailures} (failed ids stay for redelivery, the rest are deleted; an error or a
 * malformed answer keeps the whole batch). Redrive to the dead-letter queue is the queue's own
 * {@code RedrivePolicy} (created by {@code TopologyProvisioner.createQueues}), as on AWS.
 *
 * <p>Records carry {@code eventSourceARN} {@code arn:aws:sqs:<region>:<account>:<queue>}: the region of
 * the SQS client, the account of the queue's own ARN. Polling errors (SQS down) are logged and retried
 * with back-off. https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
 */
public final class EventSourceMappings implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventSourceMappings.class);
    private static final String DEFAULT_ACCOUNT = "000000000000";

    private final Topology topology;
    private final FunctionInvoker invoker;
    private final SqsClient sqs;
    private final Map<String, String> queueUrls;
    private final List<SqsMapping> mappings = new ArrayList<>();
    private final FaultPlan<String> faults = new FaultPlan<>();
    private boolean started;

    /**
     * @param invoker          runs the functions (the {@link LambdaHost})
     * @param sqs              the client for the queues (ElasticMQ under {@code herald up})
     * @param queueUrlsByName  queue name to URL, as {@code TopologyProvisioner.createQueues} returns it
     * @throws IllegalArgumentException when a trigger's queue has no URL
     */
    public EventSourceMappings(Topology topology, FunctionInvoker invoker, SqsClient sqs, Map<String, String> queueUrlsByName) {
        this.topology = topology;
        this.invoker = invoker;
        this.sqs = sqs;
        this.queueUrls = Map.copyOf(queueUrlsByName);
        for (FunctionSpec f : topology.queueConsumers()) {
            String queue = f.trigger().orElseThrow().queue();
            if (!queueUrls.containsKey(queue)) {
                throw new IllegalArgumentException("function " + f.name() + " is fed by queue " + queue
                        + ", which has no URL in " + queueUrls.keySet() + "; create the Topology's queues first");
            }
        }
    }

    /** Starts polling every mapping's queue. */
    public synchronized EventSourceMappings start() {
        if (started) {
            throw new IllegalStateException("event source mappings already started");
        }
        started = true;
        Region region = sqs.serviceClientConfiguration().region();
        String regionName = region == null ? "us-east-1" : region.id();
        for (FunctionSpec f : topology.queueConsumers()) {
            String queue = f.trigger().orElseThrow().queue();
            String url = queueUrls.get(queue);
            String arn = "arn:aws:sqs:" + regionName + ":" + account(url) + ":" + queue;
            SqsMapping mapping = new SqsMapping(f, invoker, sqs, url, arn, regionName, faults);
            mappings.add(mapping);
            mapping.start();
        }
        return this;
    }

    /**
     * Injected faults keyed by function name: the next N batches of that function are not deleted after
     * the function returned (as if it crashed after sending) and come back after 1 s; off by default.
     */
    public FaultPlan<String> faults() {
        return faults;
    }

    /** The account field of the queue's ARN (ElasticMQ: 000000000000). */
    private String account(String queueUrl) {
        String arn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String[] parts = arn == null ? new String[0] : arn.split(":");
        return parts.length >= 6 && !parts[4].isEmpty() ? parts[4] : DEFAULT_ACCOUNT;
    }

    /**
     * Stops polling and waits for the batches in flight (up to the longest function timeout plus the
     * time to delete); messages received but not yet invoked return after their visibility timeout.
     */
    @Override
    public synchronized void close() {
        mappings.forEach(SqsMapping::stop);
        Duration longest = topology.queueConsumers().stream().map(FunctionSpec::timeout).max(Duration::compareTo).orElse(Duration.ZERO);
        Duration wait = longest.plusSeconds(SqsMapping.LONG_POLL_SECONDS + 5);
        try {
            for (SqsMapping m : mappings) {
                if (!m.await(wait)) {
                    LOG.warn("an event source mapping did not stop within {}", wait);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        mappings.clear();
    }
}
