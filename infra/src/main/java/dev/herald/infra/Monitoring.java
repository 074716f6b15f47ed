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
import software.amazon.awscdk.services.kms.Alias;
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
 *   <li>every function: any error, any throttle in 5 minutes.</li>
 * </ul>
 * Alarms notify an SNS topic ({@code <bus>-alarms}); {@code herald:alarmEmail} subscribes an address.
 */
final class Monitoring {
    private static final Duration PERIOD = Duration.minutes(5);
    private final List<Alarm> alarms = new ArrayList<>();

    Monitoring(Construct scope, String prefix, QueueResources queues, FunctionResources functions, Optional<String> alarmEmail) {
        Topic topic = Topic.Builder.create(scope, "AlarmTopic")
                .topicName(prefix + "-alarms")
                .enforceSsl(true)
                .masterKey(Alias.fromAliasName(scope, "SnsManagedKey", "alias/aws/sns"))
                .build();
        alarmEmail.ifPresent(address -> topic.addSubscription(new EmailSubscription(address)));
        SnsAction notify = new SnsAction(topic);

        List<IWidget> widgets = new ArrayList<>();
        List<IMetric> dlqDepths = new ArrayList<>();
        for (String dlq : queues.deadLetterQueueNames()) {
            Metric depth = queues.get(dlq).metricApproximateNumberOfMessagesVisible(options("Maximum"));
            dlqDepths.add(depth);
            alarms.add(alarm(scope, Ids.of("Alarm", dlq + "-depth"), dlq + " has messages: deliveries failed for good; inspect and redrive",
                    depth, 0, notify));
        }
        List<IMetric> ages = new ArrayList<>();
        for (QueueSpec spec : queues.workQueues()) {
            Queue queue = queues.get(spec.name());
            Metric age = queue.metricApproximateAgeOfOldestMessage(options("Maximum"));
            ages.add(age);
            alarms.add(alarm(scope, Ids.of("Alarm", spec.name() + "-age"),
                    spec.name() + ": oldest message older than the visibility timeout (" + spec.visibilityTimeout().toSeconds() + " s)",
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
            alarms.add(alarm(scope, Ids.of("Alarm", d.spec().name() + "-errors"), d.spec().name() + " reported errors", err, 0, notify));
            alarms.add(alarm(scope, Ids.of("Alarm", d.spec().name() + "-throttles"), d.spec().name() + " was throttled", thr, 0, notify));
        }
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

    private static Alarm alarm(Construct scope, String id, String description, Metric metric, double threshold, SnsAction notify) {
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
