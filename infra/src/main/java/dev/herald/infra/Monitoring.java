package dev.herald.infra;

import dev.herald.common.topology.QueueSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import dev.herald.common.topology.RuleSpec;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.events.CfnRule;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * Alarms and a dashboard, all derived from the Topology:
 * <ul>
 *   <li>every dead-letter queue: any visible message (depth &gt; 0) alarms at once;</li>
 *   <li>every work queue: the oldest message is older than the queue's visibility timeout (6x the
 *       consumer's timeout), i.e. it has failed at least once or waits behind a backlog;</li>
 *   <li>every function: any error, any throttle in 5 minutes;</li>
 *   <li>every EventBridge rule: any {@code FailedInvocations} or {@code InvocationsFailedToBeSentToDlq}; the rule
 *       targets' dead-letter queue: any message;</li>
 *   <li>the HTTP API: any 5xx; the WebSocket API: any integration or execution error;</li>
 *   <li>SES: bounce rate over 5 % or complaint rate over 0.1 % (half of what puts an account under review);</li>
 *   <li>every table: any read or write throttle event.</li>
 * </ul>
 * Alarms notify an SNS topic ({@code <prefix>-alarms}) encrypted with a customer-managed KMS key whose
 * policy lets CloudWatch use it: CloudWatch cannot publish to a topic under the AWS-managed
 * {@code alias/aws/sns} key, whose policy cannot be changed
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-encryption).
 * {@code herald:alarmEmail} subscribes an address (it must confirm the subscription mail).
 */
final class Monitoring {
    private static final Duration PERIOD = Duration.minutes(5);
    private final List<Alarm> alarms = new ArrayList<>();

    /** SES puts an account under review at a 10 % bounce rate and a 0.5 % complaint rate; alarm well before. */
    static final double SES_BOUNCE_RATE = 0.05;
    static final double SES_COMPLAINT_RATE = 0.001;

    Monitoring(Construct scope, String prefix, QueueResources queues, FunctionResources functions, Optional<String> alarmEmail,
            EventResources events, ApiResources apis, TableResources tables, PhysicalNames names) {
        Key key = Key.Builder.create(scope, "AlarmTopicKey")
                .description("encrypts the " + prefix + "-alarms topic; CloudWatch alarms may use it to publish")
                .enableKeyRotation(true)
                .pendingWindow(Duration.days(7))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowCloudWatchAlarmsToPublish")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Stack.of(scope).getAccount())))
                .build());
        Topic topic = Topic.Builder.create(scope, "AlarmTopic")
                .topicName(prefix + "-alarms")
                .enforceSsl(true)
                .masterKey(key)
                .build();
        alarmEmail.ifPresent(address -> topic.addSubscription(new EmailSubscription(address)));
        SnsAction notify = new SnsAction(topic);

        List<IWidget> widgets = new ArrayList<>();
        List<IMetric> dlqDepths = new ArrayList<>();
        for (String dlq : queues.deadLetterQueueNames()) {
            Metric depth = queues.get(dlq).metricApproximateNumberOfMessagesVisible(options("Maximum"));
            dlqDepths.add(depth);
            alarms.add(alarm(scope, Ids.of("Alarm", dlq + "-depth"), names.of(dlq) + " has messages: deliveries failed for good; inspect and redrive",
                    depth, 0, notify));
        }
        List<IMetric> ages = new ArrayList<>();
        for (QueueSpec spec : queues.workQueues()) {
            Queue queue = queues.get(spec.name());
            Metric age = queue.metricApproximateAgeOfOldestMessage(options("Maximum"));
            ages.add(age);
            alarms.add(alarm(scope, Ids.of("Alarm", spec.name() + "-age"),
                    names.of(spec.name()) + ": oldest message older than the visibility timeout (" + spec.visibilityTimeout().toSeconds() + " s)",
                    age, spec.visibilityTimeout().toSeconds(), notify));
        }
        List<IMetric> errors = new ArrayList<>();
        List<IMetric> throttles = new ArrayList<>();
        List<IMetric> durations = new ArrayList<>();
        for (FunctionResources.Deployed d : functions.all().values()) {
            Metric err = d.function().metricErrors(options("Sum"));
            Metric thr = d.function().metricThrottles(options("Sum"));
            errors.add(err);
            throttles.add(thr);
            durations.add(d.function().metricDuration(options("p99")));
            alarms.add(alarm(scope, Ids.of("Alarm", d.spec().name() + "-errors"), names.of(d.spec().name()) + " reported errors", err, 0, notify));
            alarms.add(alarm(scope, Ids.of("Alarm", d.spec().name() + "-throttles"), names.of(d.spec().name()) + " was throttled", thr, 0, notify));
        }
        Metric eventsDlq = events.deadLetterQueue().metricApproximateNumberOfMessagesVisible(options("Maximum"));
        dlqDepths.add(eventsDlq);
        alarms.add(alarm(scope, "AlarmEventsDlqDepth", names.of(EventResources.EVENTS_DLQ)
                + " has events EventBridge could not deliver to a rule target after all retries; inspect and re-publish", eventsDlq, 0, notify));
        for (CfnRule rule : events.rules()) {
            Map<String, String> dimensions = RuleSpec.DEFAULT_BUS.equals(rule.getEventBusName())
                    ? Map.of("RuleName", rule.getName())
                    : Map.of("RuleName", rule.getName(), "EventBusName", events.bus().getEventBusName());
            for (String metricName : List.of("FailedInvocations", "InvocationsFailedToBeSentToDlq")) {
                Metric m = Metric.Builder.create().namespace("AWS/Events").metricName(metricName).dimensionsMap(dimensions)
                        .statistic("Sum").period(PERIOD).build();
                alarms.add(alarm(scope, Ids.of("Alarm", rule.getName() + "-" + metricName), "rule " + rule.getName() + ": " + metricName
                        + " (events not delivered to the target; see the events DLQ and the target's policy)", m, 0, notify));
            }
        }
        Metric http5xx = apis.httpApi().metricServerError(options("Sum"));
        alarms.add(alarm(scope, "AlarmHttpApi5xx", "the HTTP API answered 5xx (a function failed or timed out; see its log group)", http5xx, 0, notify));
        Metric wsErrors = Metric.Builder.create().namespace("AWS/ApiGateway").metricName("IntegrationError")
                .dimensionsMap(Map.of("ApiId", apis.webSocketApi().getApiId(), "Stage", apis.webSocketStage().getStageName()))
                .statistic("Sum").period(PERIOD).build();
        alarms.add(alarm(scope, "AlarmWebSocketApiIntegrationErrors", "a WebSocket route's function failed (see its log group)", wsErrors, 0, notify));
        widgets.add(graph("API errors", List.of(http5xx, wsErrors)));
        Metric bounce = Metric.Builder.create().namespace("AWS/SES").metricName("Reputation.BounceRate").statistic("Maximum").period(Duration.hours(1)).build();
        Metric complaint = Metric.Builder.create().namespace("AWS/SES").metricName("Reputation.ComplaintRate").statistic("Maximum").period(Duration.hours(1)).build();
        alarms.add(alarm(scope, "AlarmSesBounceRate", "SES bounce rate above " + SES_BOUNCE_RATE * 100 + " % (SES reviews the account at 10 %): clean the address lists", bounce, SES_BOUNCE_RATE, notify));
        alarms.add(alarm(scope, "AlarmSesComplaintRate", "SES complaint rate above " + SES_COMPLAINT_RATE * 100 + " % (SES reviews the account at 0.5 %): check who gets what", complaint, SES_COMPLAINT_RATE, notify));
        widgets.add(graph("SES reputation", List.of(bounce, complaint)));
        List<IMetric> tableThrottles = new ArrayList<>();
        tables.all().forEach((name, table) -> {
            // ids unique across the dashboard graph that shows every table's expression
            String n = Integer.toString(tableThrottles.size());
            MathExpression throttled = MathExpression.Builder.create()
                    .expression("r" + n + " + w" + n)
                    .usingMetrics(Map.of("r" + n, table.metric("ReadThrottleEvents", options("Sum")),
                            "w" + n, table.metric("WriteThrottleEvents", options("Sum"))))
                    .label(names.of(name) + " throttle events")
                    .period(PERIOD)
                    .build();
            tableThrottles.add(throttled);
            alarms.add(alarm(scope, Ids.of("Alarm", name + "-throttles"), names.of(name) + " throttled reads or writes (on-demand tables throttle past twice the previous peak or the account's table quota)",
                    throttled, 0, notify));
        });
        widgets.add(graph("Table throttle events", tableThrottles));
        widgets.add(graph("Dead-letter queue depth", dlqDepths));
        widgets.add(graph("Oldest message age (s)", ages));
        widgets.add(graph("Function errors", errors));
        widgets.add(graph("Function throttles", throttles));
        widgets.add(graph("Function duration p99 (ms)", durations));
        Dashboard dashboard = Dashboard.Builder.create(scope, "Dashboard").dashboardName(prefix).build();
        for (int i = 0; i < widgets.size(); i += 2) {
            dashboard.addWidgets(widgets.subList(i, Math.min(i + 2, widgets.size())).toArray(IWidget[]::new));
        }
    }

    List<Alarm> alarms() {
        return List.copyOf(alarms);
    }

    private static Alarm alarm(Construct scope, String id, String description, IMetric metric, double threshold, SnsAction notify) {
        Alarm alarm = Alarm.Builder.create(scope, id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(notify);
        return alarm;
    }

    private static MetricOptions options(String statistic) {
        return MetricOptions.builder().statistic(statistic).period(PERIOD).build();
    }

    private static GraphWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(metrics).width(12).height(6).build();
    }
}
