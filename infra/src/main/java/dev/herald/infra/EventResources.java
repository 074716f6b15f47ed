package dev.herald.infra;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.common.topology.RuleSpec;
import dev.herald.common.topology.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.BaseArchiveProps;
import software.amazon.awscdk.services.events.CfnRule;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.Stack;
import software.constructs.Construct;

/**
 * The custom bus, its archive (for replay) and the Topology's rules.
 *
 * <p>Rules are {@code CfnRule}s so that the Topology's event pattern JSON reaches CloudFormation
 * unchanged (operators such as {@code anything-but} have no typed form in the L2 API). AWS services
 * (SES, S3, ...) publish only to the account's default bus
 * (https://docs.aws.amazon.com/ses/latest/dg/monitoring-eventbridge.html), so for every rule on the
 * Herald bus whose pattern names {@code aws.*} sources, a rule with the same pattern is added on the
 * default bus that forwards those events to the Herald bus.
 */
final class EventResources {
    static final String DEFAULT_BUS_ID = "DefaultBus";
    static final String FORWARD_SUFFIX = "-forward";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventBus bus;
    private final IEventBus defaultBus;
    private final List<CfnRule> rules = new ArrayList<>();

    EventResources(Construct scope, Topology topology, QueueResources queues, StackSettings settings) {
        bus = EventBus.Builder.create(scope, "Bus").eventBusName(topology.busName()).build();
        defaultBus = EventBus.fromEventBusName(scope, DEFAULT_BUS_ID, RuleSpec.DEFAULT_BUS);
        bus.archive("Archive", BaseArchiveProps.builder()
                .archiveName(topology.busName() + "-archive")
                .description("every event on the " + topology.busName() + " bus, for replay")
                .eventPattern(EventPattern.builder().account(List.of(Stack.of(scope).getAccount())).build())
                .retention(Duration.days(settings.archiveRetentionDays()))
                .build());

        Role forwarder = null;
        for (RuleSpec spec : topology.rules()) {
            Map<String, Object> pattern = parse(spec);
            Queue target = queues.get(spec.targetQueue());
            boolean onDefault = spec.bus().equals(RuleSpec.DEFAULT_BUS);
            CfnRule rule = CfnRule.Builder.create(scope, Ids.of("Rule", spec.name()))
                    .name(spec.name())
                    .description(spec.description())
                    .eventBusName(onDefault ? RuleSpec.DEFAULT_BUS : bus.getEventBusName())
                    .eventPattern(pattern)
                    .state("ENABLED")
                    .targets(List.of(CfnRule.TargetProperty.builder().id("queue").arn(target.getQueueArn()).build()))
                    .build();
            allowRuleToSend(target, rule);
            rules.add(rule);

            if (!onDefault && namesAwsSource(pattern)) {
                if (forwarder == null) {
                    forwarder = Role.Builder.create(scope, "DefaultBusForwarderRole")
                            .assumedBy(new ServicePrincipal("events.amazonaws.com"))
                            .description("lets rules on the default bus forward AWS service events to the " + topology.busName() + " bus")
                            .build();
                    bus.grantPutEventsTo(forwarder);
                }
                rules.add(CfnRule.Builder.create(scope, Ids.of("Rule", spec.name() + FORWARD_SUFFIX))
                        .name(spec.name() + FORWARD_SUFFIX)
                        .description("forwards to the " + topology.busName() + " bus what rule " + spec.name() + " matches (AWS services publish only to the default bus)")
                        .eventBusName(RuleSpec.DEFAULT_BUS)
                        .eventPattern(pattern)
                        .state("ENABLED")
                        .targets(List.of(CfnRule.TargetProperty.builder().id("bus").arn(bus.getEventBusArn()).roleArn(forwarder.getRoleArn()).build()))
                        .build());
            }
        }
    }

    EventBus bus() {
        return bus;
    }

    IEventBus defaultBus() {
        return defaultBus;
    }

    List<CfnRule> rules() {
        return List.copyOf(rules);
    }

    /** The queue policy statement EventBridge needs to deliver to the queue, for this rule only. */
    private static void allowRuleToSend(Queue queue, CfnRule rule) {
        queue.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowRule" + rule.getName().replaceAll("[^A-Za-z0-9]", ""))
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
