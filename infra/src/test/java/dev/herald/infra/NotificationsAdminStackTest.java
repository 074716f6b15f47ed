package dev.herald.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.topology.HeraldTopology;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Template assertions for the operator's cancel of a scheduled notification: its route and scope, and the function's access. */
class NotificationsAdminStackTest {
    private static TemplateView view;

    @BeforeAll
    static void synth() {
        view = new TemplateView(Synth.standard().template());
    }

    @Test
    void cancelRoute_takesTheAdminScope_andInvokesTheNotificationsAdminFunction() {
        Map<String, Object> route = view.properties("AWS::ApiGatewayV2::Route").values().stream()
                .filter(r -> "DELETE /v1/admin/notifications/{notificationId}".equals(r.get("RouteKey"))).findFirst().orElseThrow();
        assertThat(route).containsEntry("AuthorizationType", "JWT").containsEntry("AuthorizationScopes", List.of(HeraldTopology.SCOPE_ADMIN));
        String integrationId = String.valueOf(route.get("Target")).replaceAll(".*?(Http[A-Za-z0-9]*Integration[A-Za-z0-9]*).*", "$1");
        Map<String, Object> integration = view.properties("AWS::ApiGatewayV2::Integration").get(integrationId);
        assertThat(integration).as("integration " + integrationId + " of " + route.get("Target")).isNotNull();
        assertThat(String.valueOf(integration.get("IntegrationUri"))).contains(Ids.of("Fn", HeraldTopology.FN_NOTIFICATIONS_ADMIN) + "Alias");
    }

    @Test
    void notificationsAdminFunction_mayOnlyUseTheDeliveriesTable() {
        String role = Ids.of("Fn", HeraldTopology.FN_NOTIFICATIONS_ADMIN) + "ServiceRole";
        List<TemplateView.Statement> statements = view.iamStatements().stream().filter(s -> s.policyId().startsWith(role)).toList();
        Set<String> deliveries = view.properties("AWS::DynamoDB::Table").entrySet().stream()
                .filter(e -> HeraldTopology.TABLE_DELIVERIES.equals(e.getValue().get("TableName"))).map(Map.Entry::getKey).collect(Collectors.toSet());
        assertThat(deliveries).hasSize(1);
        List<TemplateView.Statement> dynamo = statements.stream()
                .filter(s -> s.actions().stream().anyMatch(a -> String.valueOf(a).startsWith("dynamodb:"))).toList();
        assertThat(dynamo).isNotEmpty().allSatisfy(s -> assertThat(s.resources()).allSatisfy(r ->
                assertThat(String.valueOf(r)).contains(deliveries.iterator().next())));
        assertThat(dynamo.stream().flatMap(s -> s.actions().stream()).map(String::valueOf))
                .contains("dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:GetItem");
        assertThat(statements).noneSatisfy(s -> assertThat(s.actions()).anySatisfy(a -> assertThat(String.valueOf(a))
                .matches("sqs:.*|events:.*|lambda:Invoke.*|secretsmanager:.*|scheduler:.*|iam:PassRole")));
    }
}
