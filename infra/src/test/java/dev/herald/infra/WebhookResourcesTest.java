package dev.herald.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.config.EnvNames;
import dev.herald.common.topology.HeraldTopology;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The webhook channel in the synthesized stack: queue and DLQ, the two functions, least-privilege IAM, alarms, admin routes. */
@SuppressWarnings("unchecked")
class WebhookResourcesTest {
    private static TemplateView view;

    @BeforeAll
    static void synth() {
        view = new TemplateView(Synth.standard().template());
    }

    @Test
    void webhookQueue_redrivesToItsDlq_afterTheChannelRetryReceives() {
        Map<String, String> ids = ids("AWS::SQS::Queue", "QueueName");
        Map<String, Object> queue = view.properties("AWS::SQS::Queue").get(ids.get(HeraldTopology.QUEUE_WEBHOOK));
        Map<String, Object> redrive = (Map<String, Object>) queue.get("RedrivePolicy");
        assertThat(redrive).containsEntry("maxReceiveCount", HeraldTopology.CHANNEL_RETRY.maxReceiveCount());
        assertThat(redrive.get("deadLetterTargetArn")).isEqualTo(Map.of("Fn::GetAtt", List.of(ids.get(HeraldTopology.QUEUE_WEBHOOK + HeraldTopology.DLQ_SUFFIX), "Arn")));
    }

    @Test
    void deliveryFunction_isFedByTheWebhookQueue_withBatchItemFailures() {
        String queueId = ids("AWS::SQS::Queue", "QueueName").get(HeraldTopology.QUEUE_WEBHOOK);
        assertThat(view.properties("AWS::Lambda::EventSourceMapping").values().stream()
                .filter(m -> String.valueOf(m.get("EventSourceArn")).contains(queueId)))
                .singleElement().satisfies(m -> {
                    assertThat(String.valueOf(m.get("FunctionName"))).contains(Ids.of("Fn", HeraldTopology.FN_WEBHOOK_DELIVERY));
                    assertThat(m.get("FunctionResponseTypes")).isEqualTo(List.of("ReportBatchItemFailures"));
                });
    }

    @Test
    void router_maySendToTheWebhookQueue_andKnowsItsUrl() {
        String queueId = ids("AWS::SQS::Queue", "QueueName").get(HeraldTopology.QUEUE_WEBHOOK);
        assertThat(statementsOf(HeraldTopology.FN_ROUTER).stream().filter(s -> s.allows("sqs:SendMessage")))
                .anySatisfy(s -> assertThat(String.valueOf(s.resources())).contains(queueId));
        Map<String, Object> router = functions().get(HeraldTopology.FN_ROUTER);
        assertThat(env(router).get(EnvNames.QUEUE_URL_WEBHOOK)).isEqualTo(TemplateView.ref(queueId));
        assertThat(env(functions().get(HeraldTopology.FN_WEBHOOK_DELIVERY))).doesNotContainKey(EnvNames.WEBHOOK_ALLOW_LOOPBACK);
        assertThat(env(functions().get(HeraldTopology.FN_WEBHOOKS_API))).doesNotContainKey(EnvNames.WEBHOOK_ALLOW_LOOPBACK);
    }

    @Test
    void webhookFunctions_haveLeastPrivilege() {
        Map<String, String> tables = ids("AWS::DynamoDB::Table", "TableName");
        String webhooks = tables.get(HeraldTopology.TABLE_WEBHOOKS);
        String topics = tables.get(HeraldTopology.TABLE_TOPICS);
        String deliveries = tables.get(HeraldTopology.TABLE_DELIVERIES);
        List<TemplateView.Statement> delivery = statementsOf(HeraldTopology.FN_WEBHOOK_DELIVERY);
        // writes endpoints (failing since, disable, 410 removal) and the ledger; only reads topic memberships
        assertThat(delivery).anySatisfy(s -> {
            assertThat(s.allows("dynamodb:UpdateItem")).isTrue();
            assertThat(String.valueOf(s.resources())).contains(webhooks);
        });
        assertThat(delivery.stream().filter(s -> String.valueOf(s.resources()).contains(topics)))
                .isNotEmpty().allSatisfy(s -> assertThat(s.actions()).doesNotContain("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"));
        List<TemplateView.Statement> api = statementsOf(HeraldTopology.FN_WEBHOOKS_API);
        assertThat(api).anySatisfy(s -> assertThat(String.valueOf(s.resources())).contains(webhooks));
        assertThat(api).noneMatch(s -> String.valueOf(s.resources()).contains(deliveries) || String.valueOf(s.resources()).contains(topics));
        assertThat(api).noneMatch(s -> s.actions().stream().anyMatch(a -> String.valueOf(a).startsWith("sqs:")));
        // nobody else touches the endpoints table (it holds the signing secrets)
        assertThat(view.iamStatements().stream().filter(s -> String.valueOf(s.resources()).contains(webhooks)).map(TemplateView.Statement::policyId)
                .collect(Collectors.toSet())).allSatisfy(p -> assertThat(p).matches(
                        Ids.of("Fn", HeraldTopology.FN_WEBHOOK_DELIVERY) + "ServiceRole.*|" + Ids.of("Fn", HeraldTopology.FN_WEBHOOKS_API) + "ServiceRole.*"));
    }

    @Test
    void alarms_watchTheWebhookDlqQueueAgeAndFunctions() {
        List<String> descriptions = view.properties("AWS::CloudWatch::Alarm").values().stream()
                .map(a -> String.valueOf(a.get("AlarmDescription"))).toList();
        assertThat(descriptions).anyMatch(d -> d.contains(HeraldTopology.QUEUE_WEBHOOK + HeraldTopology.DLQ_SUFFIX) && d.contains("has messages"));
        assertThat(descriptions).anyMatch(d -> d.contains(HeraldTopology.FN_WEBHOOK_DELIVERY) && d.contains("reported errors"));
        assertThat(descriptions).anyMatch(d -> d.contains(HeraldTopology.FN_WEBHOOKS_API) && d.contains("was throttled"));
    }

    @Test
    void adminRoutes_requireTheAdminScope() {
        List<Map<String, Object>> admin = view.properties("AWS::ApiGatewayV2::Route").values().stream()
                .filter(r -> String.valueOf(r.get("RouteKey")).contains(" /v1/admin/webhooks")).toList();
        assertThat(admin).extracting(r -> String.valueOf(r.get("RouteKey"))).containsExactlyInAnyOrder("GET /v1/admin/webhooks",
                "GET /v1/admin/webhooks/{endpointId}", "PUT /v1/admin/webhooks/{endpointId}", "DELETE /v1/admin/webhooks/{endpointId}",
                "POST /v1/admin/webhooks/{endpointId}/enable");
        assertThat(admin).allSatisfy(r -> assertThat(r).containsEntry("AuthorizationType", "JWT")
                .containsEntry("AuthorizationScopes", List.of(HeraldTopology.SCOPE_ADMIN)));
    }

    private static List<TemplateView.Statement> statementsOf(String function) {
        String prefix = Ids.of("Fn", function) + "ServiceRole";
        return view.iamStatements().stream().filter(s -> s.policyId().startsWith(prefix)).toList();
    }

    private static Map<String, Map<String, Object>> functions() {
        return view.properties("AWS::Lambda::Function").values().stream()
                .collect(Collectors.toMap(p -> String.valueOf(p.get("FunctionName")), p -> p, (a, b) -> a));
    }

    private static Map<String, String> ids(String type, String nameProperty) {
        return view.properties(type).entrySet().stream()
                .collect(Collectors.toMap(e -> String.valueOf(e.getValue().get(nameProperty)), Map.Entry::getKey));
    }

    private static Map<String, Object> env(Map<String, Object> function) {
        return (Map<String, Object>) ((Map<String, Object>) function.get("Environment")).get("Variables");
    }
}
