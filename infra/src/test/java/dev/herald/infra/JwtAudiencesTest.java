package dev.herald.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.config.EnvNames;
import dev.herald.common.topology.HeraldTopology;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

/**
 * The accepted JWT audiences are one list: {@code herald:jwtAudience} is what the HTTP API's JWT authorizer accepts
 * and what every function that checks tokens receives as {@code HERALD_JWT_AUDIENCES}.
 */
@SuppressWarnings("unchecked")
class JwtAudiencesTest {
    @Test
    void authorizerAndEveryTokenCheckingFunction_acceptTheSameAudiences() {
        Map<String, Object> context = Synth.context(Synth.emptyRepoRoot(), true);
        context.put(StackSettings.JWT_AUDIENCE, "herald-web, herald-ios");
        App app = new App(AppProps.builder().context(context).build());
        TemplateView template = new TemplateView(Template.fromStack(HeraldApp.build(app, HeraldTopology.standard())));

        Map<String, Object> authorizer = template.properties("AWS::ApiGatewayV2::Authorizer").values().stream()
                .filter(p -> "JWT".equals(p.get("AuthorizerType"))).findFirst().orElseThrow();
        List<String> gateway = (List<String>) ((Map<String, Object>) authorizer.get("JwtConfiguration")).get("Audience");
        assertThat(gateway).containsExactly("herald-web", "herald-ios");

        List<Map<String, Object>> checking = template.properties("AWS::Lambda::Function").values().stream()
                .map(p -> (Map<String, Object>) ((Map<String, Object>) p.getOrDefault("Environment", Map.of())).getOrDefault("Variables", Map.of()))
                .filter(env -> env.containsKey(EnvNames.JWT_SECRET_ID)).toList();
        // every function of the Topology that checks end users' tokens
        assertThat(checking).hasSize((int) HeraldTopology.standard().functions().stream()
                .filter(f -> f.environment().containsKey(EnvNames.JWT_SECRET_ID)).count()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(checking).allSatisfy(env -> assertThat(env).containsEntry(EnvNames.JWT_AUDIENCES, String.join(",", gateway)));
    }
}
