package dev.herald.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.config.EnvNames;
import dev.herald.common.topology.HeraldTopology;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Template assertions for throttles and digests: their tables (with TTL) and the router's read-write access to them. */
class OrchestrationTablesTest {
    private static TemplateView view;

    @BeforeAll
    static void synth() {
        view = new TemplateView(Synth.standard().template());
    }

    private static Map.Entry<String, Map<String, Object>> throttlesTable() {
        return table(HeraldTopology.TABLE_THROTTLES);
    }

    private static Map.Entry<String, Map<String, Object>> table(String name) {
        return view.properties("AWS::DynamoDB::Table").entrySet().stream()
                .filter(e -> name.equals(e.getValue().get("TableName"))).findFirst().orElseThrow();
    }

    @Test
    void digestsTable_isKeyedByDigestWithTtl_andTheRouterMayWriteIt() {
        var digests = table(HeraldTopology.TABLE_DIGESTS);
        assertThat(digests.getValue()).containsEntry("KeySchema", List.of(Map.of("AttributeName", "digestKey", "KeyType", "HASH")))
                .containsEntry("TimeToLiveSpecification", Map.of("AttributeName", HeraldTopology.TTL_ATTRIBUTE, "Enabled", true));
        String routerRole = Ids.of("Fn", HeraldTopology.FN_ROUTER) + "ServiceRole";
        assertThat(view.iamStatements().stream()
                .filter(s -> s.policyId().startsWith(routerRole) && String.valueOf(s.resources()).contains(digests.getKey())).toList())
                .flatExtracting(TemplateView.Statement::actions).map(String::valueOf).contains("dynamodb:UpdateItem", "dynamodb:GetItem");
    }

    @Test
    void throttlesTable_isKeyedByCounterWithTtl() {
        Map<String, Object> props = throttlesTable().getValue();
        assertThat(props).containsEntry("KeySchema", List.of(Map.of("AttributeName", "counterKey", "KeyType", "HASH")))
                .containsEntry("TimeToLiveSpecification", Map.of("AttributeName", HeraldTopology.TTL_ATTRIBUTE, "Enabled", true));
    }

    @Test
    void router_mayUpdateAndReadTheThrottlesTable_andKnowsItsName() {
        String tableId = throttlesTable().getKey();
        String routerRole = Ids.of("Fn", HeraldTopology.FN_ROUTER) + "ServiceRole";
        List<TemplateView.Statement> onTable = view.iamStatements().stream()
                .filter(s -> s.policyId().startsWith(routerRole) && String.valueOf(s.resources()).contains(tableId)).toList();
        assertThat(onTable).flatExtracting(TemplateView.Statement::actions).map(String::valueOf)
                .contains("dynamodb:UpdateItem", "dynamodb:GetItem");

        Map<String, Object> router = view.properties("AWS::Lambda::Function").values().stream()
                .filter(f -> String.valueOf(f.get("Handler")).startsWith("dev.herald.router.RouterHandler")).findFirst().orElseThrow();
        assertThat(String.valueOf(router.get("Environment"))).contains(EnvNames.TABLE_THROTTLES);
    }
}
