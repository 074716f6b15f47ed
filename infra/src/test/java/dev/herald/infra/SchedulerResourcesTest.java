package dev.herald.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.config.EnvNames;
import dev.herald.common.topology.HeraldTopology;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Template assertions on the EventBridge Scheduler pieces of long deferrals (quiet hours) and long digests' flushes (router). */
@SuppressWarnings("unchecked")
class SchedulerResourcesTest {
    private static final List<String> DELIVERY_FUNCTIONS = List.of(HeraldTopology.FN_PUSH_DELIVERY, HeraldTopology.FN_EMAIL_DELIVERY,
            HeraldTopology.FN_WS_DELIVERY, HeraldTopology.FN_WEBHOOK_DELIVERY, HeraldTopology.FN_SMS_DELIVERY);
    private static final Map<String, String> QUEUE_OF = Map.of(HeraldTopology.FN_PUSH_DELIVERY, HeraldTopology.QUEUE_PUSH,
            HeraldTopology.FN_EMAIL_DELIVERY, HeraldTopology.QUEUE_EMAIL, HeraldTopology.FN_WS_DELIVERY, HeraldTopology.QUEUE_WEBSOCKET,
            HeraldTopology.FN_WEBHOOK_DELIVERY, HeraldTopology.QUEUE_WEBHOOK, HeraldTopology.FN_SMS_DELIVERY, HeraldTopology.QUEUE_SMS);
    /** Every function that creates schedules, and the queue its schedules send to: the delivery functions and the router. */
    private static final Map<String, String> SCHEDULES_TO = java.util.stream.Stream.concat(QUEUE_OF.entrySet().stream(),
            java.util.stream.Stream.of(Map.entry(HeraldTopology.FN_ROUTER, HeraldTopology.QUEUE_INGRESS)))
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    private static TemplateView view;

    @BeforeAll
    static void synth() {
        view = new TemplateView(Synth.standard().template());
    }

    @Test
    void scheduleGroup_existsWithTheTopologysName() {
        assertThat(view.properties("AWS::Scheduler::ScheduleGroup").values())
                .singleElement().satisfies(p -> assertThat(p).containsEntry("Name", HeraldTopology.SCHEDULE_GROUP));
    }

    @Test
    void schedulerRole_isAssumedBySchedulerOfThisAccountOnly_andMaySendToTheScheduledQueuesAndTheirDeadLetterQueuesOnly() {
        Map.Entry<String, Map<String, Object>> role = schedulerRole();
        String trust = String.valueOf(role.getValue().get("AssumeRolePolicyDocument"));
        assertThat(trust).contains("scheduler.amazonaws.com", "aws:SourceAccount", "AWS::AccountId");
        List<TemplateView.Statement> sends = view.iamStatements().stream()
                .filter(s -> s.allows("sqs:SendMessage") && s.policyId().startsWith("SchedulerRole")).toList();
        Map<String, String> queues = queueIds();
        // each channel queue and the ingress queue (digest flushes), and its dead-letter queue: the schedules' DeadLetterConfig (MessageScheduler)
        List<Object> expected = SCHEDULES_TO.values().stream().flatMap(q -> java.util.stream.Stream.of(q, q + HeraldTopology.DLQ_SUFFIX))
                .map(q -> (Object) Map.of("Fn::GetAtt", List.of(queues.get(q), "Arn"))).toList();
        assertThat(sends.stream().flatMap(s -> s.resources().stream()).toList()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void deliveryFunctionsAndTheRouter_mayCreateSchedulesInTheGroup_andPassTheRole_andKnowTheirQueueArn() {
        Map<String, Map<String, Object>> functions = view.properties("AWS::Lambda::Function").values().stream()
                .collect(Collectors.toMap(p -> String.valueOf(p.get("FunctionName")), p -> p));
        String roleId = schedulerRole().getKey();
        String groupId = view.properties("AWS::Scheduler::ScheduleGroup").keySet().iterator().next();
        for (String fn : SCHEDULES_TO.keySet()) {
            Map<String, Object> env = (Map<String, Object>) ((Map<String, Object>) functions.get(fn).get("Environment")).get("Variables");
            assertThat(env).as(fn).containsEntry(EnvNames.SCHEDULE_GROUP, TemplateView.ref(groupId))
                    .containsEntry(EnvNames.SCHEDULER_ROLE_ARN, Map.of("Fn::GetAtt", List.of(roleId, "Arn")))
                    .containsEntry(EnvNames.DEFERRAL_QUEUE_ARN, Map.of("Fn::GetAtt", List.of(queueIds().get(SCHEDULES_TO.get(fn)), "Arn")));
            String policyPrefix = Ids.of("Fn", fn) + "ServiceRole";
            List<TemplateView.Statement> own = view.iamStatements().stream().filter(s -> s.policyId().startsWith(policyPrefix)).toList();
            assertThat(own).as(fn + " creates schedules in the group only").anySatisfy(s -> {
                assertThat(s.allows("scheduler:CreateSchedule")).isTrue();
                assertThat(String.valueOf(s.resources())).contains(":schedule/", "{Ref=" + groupId + "}", "/*");
            });
            assertThat(own).as(fn + " passes the scheduler role").anySatisfy(s -> {
                assertThat(s.allows("iam:PassRole")).isTrue();
                assertThat(s.resources()).containsExactly(Map.of("Fn::GetAtt", List.of(roleId, "Arn")));
            });
        }
        // nobody else schedules
        assertThat(view.iamStatements().stream().filter(s -> s.allows("scheduler:CreateSchedule")).count()).isEqualTo(SCHEDULES_TO.size());
    }

    @Test
    void channelQueues_redriveAfterTheRetryScheduleReceives_andKeepMessagesLongerThanTheRetries() {
        Map<String, Map<String, Object>> byName = view.properties("AWS::SQS::Queue").values().stream()
                .collect(Collectors.toMap(p -> String.valueOf(p.get("QueueName")), p -> p));
        for (String q : QUEUE_OF.values()) {
            Map<String, Object> redrive = (Map<String, Object>) byName.get(q).get("RedrivePolicy");
            assertThat(redrive).as(q).containsEntry("maxReceiveCount", HeraldTopology.CHANNEL_RETRY.maxReceiveCount());
            assertThat(((Number) byName.get(q).get("MessageRetentionPeriod")).longValue()).as(q)
                    .isGreaterThan(HeraldTopology.CHANNEL_RETRY.horizon().toSeconds());
        }
        assertThat(HeraldTopology.CHANNEL_RETRY.maxReceiveCount()).isEqualTo(19);
    }

    private static Map.Entry<String, Map<String, Object>> schedulerRole() {
        return view.properties("AWS::IAM::Role").entrySet().stream().filter(e -> e.getKey().startsWith("SchedulerRole")).findFirst().orElseThrow();
    }

    private static Map<String, String> queueIds() {
        return view.properties("AWS::SQS::Queue").entrySet().stream()
                .collect(Collectors.toMap(e -> String.valueOf(e.getValue().get("QueueName")), Map.Entry::getKey));
    }
}
