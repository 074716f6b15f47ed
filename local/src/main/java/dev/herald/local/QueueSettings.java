package dev.herald.local;

import dev.herald.common.topology.QueueSpec;
import dev.herald.common.topology.TopologyProvisioner;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Creates the Topology's queues, and brings queues kept in the data directory up to date when the
 * Topology changed their settings since: SQS refuses {@code CreateQueue} for an existing name with
 * other attributes (ElasticMQ even after {@code SetQueueAttributes}), so a restart after such a
 * change would otherwise fail. Then visibility timeout, retention and redrive policy are set on the
 * existing queues and the missing ones are created, dead-letter queues first.
 */
final class QueueSettings {
    private static final Logger LOG = LoggerFactory.getLogger(QueueSettings.class);

    private QueueSettings() {
    }

    /** Queue name to URL for every queue of {@code queues}. */
    static Map<String, String> provision(SqsClient sqs, List<QueueSpec> queues) {
        try {
            return TopologyProvisioner.createQueues(sqs, queues);
        } catch (SqsException e) {
            String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
            if (!code.contains("AlreadyExists") && !code.contains("NameExists")) {
                throw e;
            }
        }
        LOG.info("queue settings changed in the Topology; updating the kept queues");
        Map<String, String> urls = new LinkedHashMap<>();
        for (QueueSpec q : queues.stream().sorted(Comparator.comparing(q -> q.deadLetter().isPresent())).toList()) {
            Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
            attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(q.visibilityTimeout().toSeconds()));
            attributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, Long.toString(q.retention().toSeconds()));
            q.deadLetter().ifPresent(d -> {
                String dlqArn = sqs.getQueueAttributes(r -> r.queueUrl(urls.get(d.queue())).attributeNames(QueueAttributeName.QUEUE_ARN))
                        .attributes().get(QueueAttributeName.QUEUE_ARN);
                attributes.put(QueueAttributeName.REDRIVE_POLICY,
                        "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + d.maxReceiveCount() + "\"}");
            });
            Optional<String> existing = sqs.listQueues(r -> r.queueNamePrefix(q.name())).queueUrls().stream()
                    .filter(u -> u.endsWith("/" + q.name())).findFirst();
            if (existing.isPresent()) {
                sqs.setQueueAttributes(r -> r.queueUrl(existing.get()).attributes(attributes));
                urls.put(q.name(), existing.get());
            } else {
                urls.put(q.name(), sqs.createQueue(r -> r.queueName(q.name()).attributes(attributes)).queueUrl());
            }
        }
        return urls;
    }
}
