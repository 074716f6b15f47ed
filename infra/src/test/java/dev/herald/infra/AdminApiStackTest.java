package dev.herald.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.topology.HeraldTopology;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/** Template assertions for the admin API: its routes and scope, the Routes table, and the function's access. */
class AdminApiStackTest {
    private static TemplateView view;

    @BeforeAll
    static void synth() {
        Template template = Synth.standard().template();
        view = new TemplateView(template);
    }

    @Test
    void adminRoutes_existWithTheAdminScopeBehindTheJwtAuthorizer() {
        Map<String, Map<String, Object>> byKey = view.properties("AWS::ApiGatewayV2::Route").values().stream()
                .collect(Collectors.toMap(r -> String.valueOf(r.get("RouteKey")), r -> r));
        List<String> expected = List.of("GET /v1/admin/routes", "POST /v1/admin/routes/test", "GET /v1/admin/routes/{routeId}",
                "PUT /v1/admin/routes/{routeId}", "DELETE /v1/admin/routes/{routeId}", "GET /v1/admin/templates",
                "GET /v1/admin/templates/{templateId}/{locale}", "PUT /v1/admin/templates/{templateId}/{locale}",
                "POST /v1/admin/templates/{templateId}/preview", "GET /v1/admin/profiles/{userId}", "PUT /v1/admin/profiles/{userId}");
        for (String key : expected) {
            assertThat(byKey.get(key)).as(key).isNotNull()
                    .containsEntry("AuthorizationType", "JWT")
                    .containsEntry("AuthorizationScopes", List.of(HeraldTopology.SCOPE_ADMIN));
            assertThat(String.valueOf(byKey.get(key).get("Target"))).as(key).contains("Integration");
        }
    }

    @Test
    void routesTable_existsAndIsRetainedLikeTheOthers() {
        Map<String, Object> routes = view.resources().entrySet().stream()
                .filter(e -> "AWS::DynamoDB::Table".equals(e.getValue().get("Type")))
                .map(Map.Entry::getValue)
                .filter(r -> HeraldTopology.TABLE_ROUTES.equals(((Map<?, ?>) r.get("Properties")).get("TableName")))
                .findFirst().orElseThrow();
        assertThat(routes).containsEntry("DeletionPolicy", "RetainExceptOnCreate").containsEntry("UpdateReplacePolicy", "Retain");
        assertThat((Map<String, Object>) routes.get("Properties")).containsEntry("KeySchema",
                List.of(Map.of("AttributeName", "routeId", "KeyType", "HASH")));
    }

    @Test
    void adminFunction_mayOnlyUseTheRoutesTemplatesAndProfilesTables_andTheRouterOnlyReadsRoutes() {
        String adminRole = Ids.of("Fn", HeraldTopology.FN_ADMIN_API) + "ServiceRole";
        List<TemplateView.Statement> admin = view.iamStatements().stream().filter(s -> s.policyId().startsWith(adminRole)).toList();
        Set<String> tableIds = view.properties("AWS::DynamoDB::Table").entrySet().stream()
                .filter(e -> Set.of(HeraldTopology.TABLE_ROUTES, HeraldTopology.TABLE_TEMPLATES, HeraldTopology.TABLE_PROFILES)
                        .contains(e.getValue().get("TableName")))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        List<TemplateView.Statement> dynamo = admin.stream().filter(s -> s.actions().stream().anyMatch(a -> String.valueOf(a).startsWith("dynamodb:"))).toList();
        assertThat(dynamo).isNotEmpty().allSatisfy(s -> assertThat(s.resources()).allSatisfy(r ->
                assertThat(tableIds.stream().anyMatch(id -> String.valueOf(r).contains(id))).as(String.valueOf(r)).isTrue()));
        assertThat(admin).noneSatisfy(s -> assertThat(s.actions()).anySatisfy(a -> assertThat(String.valueOf(a))
                .matches("sqs:.*|events:.*|lambda:Invoke.*|secretsmanager:.*")));

        String routesId = tableIds.stream().filter(id -> HeraldTopology.TABLE_ROUTES.equals(view.properties("AWS::DynamoDB::Table").get(id).get("TableName")))
                .findFirst().orElseThrow();
        String routerRole = Ids.of("Fn", HeraldTopology.FN_ROUTER) + "ServiceRole";
        assertThat(view.iamStatements().stream().filter(s -> s.policyId().startsWith(routerRole) && String.valueOf(s.resources()).contains(routesId)))
                .isNotEmpty().allSatisfy(s -> assertThat(s.actions()).noneMatch(a -> String.valueOf(a).matches("dynamodb:(Put|Update|Delete|BatchWrite).*")));
    }

    @Test
    void routesFile_fromContext_isSeededIntoTheRoutesTable_andTheDemoRoutesNever() throws Exception {
        assertThat(view.resources().values()).noneSatisfy(r -> assertThat(r.get("Type")).isEqualTo("Custom::AWS"));
        java.nio.file.Path file = java.nio.file.Files.createTempFile("routes", ".json");
        java.nio.file.Files.writeString(file, "{\"routes\":[{\"name\":\"parcel-sent\",\"pattern\":{\"detail-type\":[\"parcel.sent\"]},\"channels\":[\"websocket\"]}]}");

        TemplateView seeded = new TemplateView(Synth.withContext(Map.of(StackSettings.ROUTES_FILE, file.toString())).template());

        List<Map<String, Object>> seeds = seeded.resources().values().stream().filter(r -> "Custom::AWS".equals(r.get("Type"))).toList();
        assertThat(seeds).singleElement().satisfies(r -> assertThat(String.valueOf(r.get("Properties")))
                .contains("putItem").contains("parcel-sent").contains("parcel.sent"));
    }
}
