package dev.herald.infra;

import dev.herald.common.topology.QueueSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The Topology's SQS queues: physical names, visibility timeouts and retention from the
 * Topology, redrive to the dead-letter queue after the Topology's max receives, SQS-managed
 * server-side encryption and a queue policy that denies any request not made over TLS.
 */
final class QueueResources {
    private final Map<String, Queue> queues = new LinkedHashMap<>();
    private final Map<String, QueueSpec> specs = new LinkedHashMap<>();

    QueueResources(Construct scope, List<QueueSpec> queueSpecs, PhysicalNames names) {
        // dead-letter queues first: a work queue's redrive policy refers to its DLQ
        List<QueueSpec> ordered = queueSpecs.stream()
                .sorted((a, b) -> Boolean.compare(a.deadLetter().isPresent(), b.deadLetter().isPresent())).toList();
        for (QueueSpec spec : ordered) {
            var builder = Queue.Builder.create(scope, Ids.of("Queue", spec.name()))
                    .queueName(names.of(spec.name()))
                    .visibilityTimeout(Duration.seconds(spec.visibilityTimeout().toSeconds()))
                    .retentionPeriod(Duration.seconds(spec.retention().toSeconds()))
                    .encryption(QueueEncryption.SQS_MANAGED)
                    .enforceSsl(true);
            spec.deadLetter().ifPresent(d -> builder.deadLetterQueue(DeadLetterQueue.builder()
                    .queue(queues.get(d.queue())).maxReceiveCount(d.maxReceiveCount()).build()));
            queues.put(spec.name(), builder.build());
            specs.put(spec.name(), spec);
        }
    }

    /** The queue of that Topology name; the Topology validated that it exists. */
    Queue get(String name) {
        Queue q = queues.get(name);
        if (q == null) {
            throw new IllegalArgumentException("the Topology has no queue named " + name);
        }
        return q;
    }

    Map<String, Queue> all() {
        return Collections.unmodifiableMap(queues);
    }

    /** Queues that are some other queue's dead-letter queue. */
    List<String> deadLetterQueueNames() {
        return specs.values().stream().flatMap(s -> s.deadLetter().stream()).map(QueueSpec.DeadLetter::queue).distinct().toList();
    }

    /** Queues with a redrive policy (the queues functions consume). */
    List<QueueSpec> workQueues() {
        return specs.values().stream().filter(s -> s.deadLetter().isPresent()).toList();
    }
}
