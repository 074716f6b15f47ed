package dev.herald.infra;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.common.topology.RuleSpec;
import dev.herald.common.topology.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.CfnArchive;
import software.amazon.awscdk.services.events.CfnRule;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The custom bus, its archive (for replay) and the Topology's rules.
 *
 * <p>Rules are {@code CfnRule}s so that the Topology's event pattern JSON reaches CloudFormation
 * unchanged (operators such as {@code anything-but} have no typed form in the L2 API). AWS services
 * (SES, S3, ...) publish only to the account's default bus
 * (https://docs.aws.amazon.com/ses/latest/dg/monitoring-eventbridge.html), so a rule on the default bus
 * forwards to the Herald bus, with the same pattern, what (a) a Topology rule on the Herald bus that
 * names {@code aws.*} sources matches and (b) a router route that names {@code aws.*} sources matches
 * ({@link ForwardedRoutes}, e.g. S3 "Object Created" for seed 004).
 *
 * <p>No event is dropped silently: every target has an explicit retry policy (EventBridge retries a
 * failed delivery with back-off for up to 24 hours and 185 attempts) and a dead-letter queue
 * ({@code <prefix>-events-dlq}) for what still cannot be delivered (a deleted queue, a denied send);
 * {@link Monitoring} alarms on each rule's {@code FailedInvocations} and on that queue's depth.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html
 */
final class EventResources {
    static final String DEFAULT_BUS_ID = "DefaultBus";
    static final String FORWARD_SUFFIX = "-forward";
    /** Topology-style name of the rule targets' dead-letter queue (AWS name from {@link PhysicalNames}). */
    static final String EVENTS_DLQ = "herald-events-dlq";
    /** EventBridge's maxima: retry for a day, up to 185 times. */
    static final int MAX_RETRY_ATTEMPTS = 185;
    static final int MAX_EVENT_AGE_SECONDS = 24 * 60 * 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventBus bus;
    private final IEventBus defaultBus;
    private final Queue deadLetterQueue;
    private final List<CfnRule> rules = new ArrayList<>();
    private final PhysicalNames names;
    private final Construct scope;
    private Role forwarder;

    EventResources(Construct scope, Topology topology, QueueResources queues, StackSettings settings, PhysicalNames names,
            List<ForwardedRoutes.Route> awsRoutes) {
        this.scope = scope;
        this.names = names;
        bus = EventBus.Builder.create(scope, "Bus").eventBusName(names.of(topology.busName())).build();
        defaultBus = EventBus.fromEventBusName(scope, DEFAULT_BUS_ID, RuleSpec.DEFAULT_BUS);
        // no event pattern: every event on the bus is archived, from this account and from producers in other
        // accounts that a bus policy lets in (a pattern on the stack's account would leave theirs out)
        CfnArchive.Builder.create(scope, "Archive")
                .sourceArn(bus.getEventBusArn())
                .archiveName(names.of(topology.busName()) + "-archive")
                .description("every event on the " + names.of(topology.busName()) + " bus, from any account, for replay")
                .retentionDays(settings.archiveRetentionDays())
                .build();
        deadLetterQueue = Queue.Builder.create(scope, "EventsDlq")
                .queueName(names.of(EVENTS_DLQ))
                .retentionPeriod(Duration.days(14))
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .build();

        for (RuleSpec spec : topology.rules()) {
            Map<String, Object> pattern = parse(spec);
            Queue target = queues.get(spec.targetQueue());
            boolean onDefault = spec.bus().equals(RuleSpec.DEFAULT_BUS);
            CfnRule rule = CfnRule.Builder.create(scope, Ids.of("Rule", spec.name()))
                    .name(names.of(spec.name()))
                    .description(spec.description())
                    .eventBusName(onDefault ? RuleSpec.DEFAULT_BUS : bus.getEventBusName())
                    .eventPattern(pattern)
                    .state("ENABLED")
                    .targets(List.of(target("queue", target.getQueueArn(), null)))
                    .build();
            allowRuleToSend(target, rule, "AllowRule");
            add(rule);

            if (!onDefault && namesAwsSource(pattern)) {
                forward(spec.name(), pattern, "forwards to the Herald bus what rule " + names.of(spec.name())
                        + " matches (AWS services publish only to the default bus)");
            }
        }
        for (ForwardedRoutes.Route route : awsRoutes) {
            forward("herald-route-" + route.name(), route.pattern(), "forwards to the Herald bus the AWS events router route "
                    + route.name() + " matches (AWS services publish only to the default bus)");
        }
    }

    private void forward(String topologyName, Map<String, Object> pattern, String description) {
        if (forwarder == null) {
            forwarder = Role.Builder.create(scope, "DefaultBusForwarderRole")
                    .assumedBy(new ServicePrincipal("events.amazonaws.com"))
                    .description("lets rules on the default bus forward AWS service events to the " + names.prefix() + " bus")
                    .build();
            bus.grantPutEventsTo(forwarder);
        }
        add(CfnRule.Builder.create(scope, Ids.of("Rule", topologyName + FORWARD_SUFFIX))
                .name(names.of(topologyName + FORWARD_SUFFIX))
                .description(description)
                .eventBusName(RuleSpec.DEFAULT_BUS)
                .eventPattern(pattern)
                .state("ENABLED")
                .targets(List.of(target("bus", bus.getEventBusArn(), forwarder.getRoleArn())))
                .build());
    }

    private CfnRule.TargetProperty target(String id, String arn, String roleArn) {
        var target = CfnRule.TargetProperty.builder().id(id).arn(arn)
                .retryPolicy(CfnRule.RetryPolicyProperty.builder()
                        .maximumRetryAttempts(MAX_RETRY_ATTEMPTS).maximumEventAgeInSeconds(MAX_EVENT_AGE_SECONDS).build())
                .deadLetterConfig(CfnRule.DeadLetterConfigProperty.builder().arn(deadLetterQueue.getQueueArn()).build());
        if (roleArn != null) {
            target.roleArn(roleArn);
        }
        return target.build();
    }

    private void add(CfnRule rule) {
        allowRuleToSend(deadLetterQueue, rule, "AllowDeadLetters");
        rules.add(rule);
    }

    EventBus bus() {
        return bus;
    }

    IEventBus defaultBus() {
        return defaultBus;
    }

    /** Every rule the stack made: the Topology's and the forwarding rules on the default bus. */
    List<CfnRule> rules() {
        return List.copyOf(rules);
    }

    /** Where EventBridge puts events that none of the rule targets took after all retries. */
    Queue deadLetterQueue() {
        return deadLetterQueue;
    }

    /** The queue policy statement EventBridge needs to deliver to the queue, for this rule only. */
    private static void allowRuleToSend(Queue queue, CfnRule rule, String sidPrefix) {
        queue.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid(sidPrefix + rule.getName().replaceAll("[^A-Za-z0-9]", ""))
                .effect(Effect.ALLOW)
                .principals(List.of(new ServicePrincipal("events.amazonaws.com")))
                .actions(List.of("sqs:SendMessage"))
                .resources(List.of(queue.getQueueArn()))
                .conditions(Map.of("ArnEquals", Map.of("aws:SourceArn", rule.getAttrArn())))
                .build());
    }

    /** Whether the pattern's {@code source} lists an AWS service source such as {@code aws.ses}. */
    static boolean namesAwsSource(Map<String, Object> pattern) {
        return pattern.get("source") instanceof List<?> sources
                && sources.stream().anyMatch(s -> s instanceof String str && str.startsWith("aws."));
    }

    static Map<String, Object> parse(RuleSpec spec) {
        try {
            return JSON.readValue(spec.eventPattern(), new TypeReference<Map<String, Object>>() { });
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("rule " + spec.name() + " has an event pattern that is not a JSON object: " + e.getMessage(), e);
        }
    }
}
