package dev.herald.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;

/** cdk-nag's AWS Solutions checks (applied by {@link HeraldApp#build}) find nothing unsuppressed, and every suppression says why. */
@SuppressWarnings("unchecked")
class NagComplianceTest {
    private static Synth.Synthesized synthesized;

    @BeforeAll
    static void synth() {
        synthesized = Synth.standard();
    }

    @Test
    void awsSolutionsChecks_reportNoUnsuppressedErrorsOrWarnings() {
        Annotations annotations = Annotations.fromStack(synthesized.stack());
        assertThat(errors(annotations)).isEmpty();
        assertThat(warnings(annotations)).isEmpty();
    }

    @Test
    void awsSolutionsChecks_onAStackWithAnUnencryptedPlainHttpQueue_reportErrors() {
        // the same checks and finders on a stack that breaks the rules Herald's queues follow: they do find errors
        App app = new App();
        Stack stack = new Stack(app, "Insecure");
        Queue.Builder.create(stack, "PlainQueue").encryption(QueueEncryption.UNENCRYPTED).build();
        Aspects.of(app).add(AwsSolutionsChecks.Builder.create().verbose(true).build());
        assertThat(errors(Annotations.fromStack(stack))).anyMatch(e -> e.contains("AwsSolutions-SQS2")).anyMatch(e -> e.contains("AwsSolutions-SQS4"));
    }

    private static List<String> errors(Annotations annotations) {
        return annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*")).stream()
                .map(m -> m.getId() + ": " + String.valueOf(m.getEntry().getData()).lines().findFirst().orElse("")).toList();
    }

    private static List<String> warnings(Annotations annotations) {
        return annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")).stream()
                .map(m -> m.getId() + ": " + String.valueOf(m.getEntry().getData()).lines().findFirst().orElse("")).toList();
    }

    @Test
    void awsSolutionsChecks_ranOnTheStack() {
        // suppressions are recorded as metadata only where cdk-nag looked; without the aspect there would be none
        assertThat(suppressions()).isNotEmpty();
    }

    @Test
    void everySuppression_carriesASpecificReason() {
        List<Map<String, Object>> suppressions = suppressions();
        for (Map<String, Object> s : suppressions) {
            String reason = String.valueOf(s.get("reason"));
            assertThat(reason).as(String.valueOf(s.get("id"))).hasSizeGreaterThan(60).doesNotContainIgnoringCase("todo");
            assertThat(String.valueOf(s.get("id"))).startsWith("AwsSolutions-");
        }
        Map<Object, java.util.Set<Object>> rulesByReason = suppressions.stream().collect(java.util.stream.Collectors.groupingBy(
                s -> s.get("reason"), java.util.stream.Collectors.mapping(s -> s.get("id"), java.util.stream.Collectors.toSet())));
        assertThat(rulesByReason.values()).as("no reason is reused for different rules").allSatisfy(ids -> assertThat(ids).hasSize(1));
    }

    @Test
    void iamWildcardSuppressions_nameTheExactWildcard() {
        for (Map<String, Object> s : suppressions()) {
            if ("AwsSolutions-IAM5".equals(s.get("id")) || "AwsSolutions-IAM4".equals(s.get("id"))) {
                assertThat(TemplateView.list(s.get("applies_to"))).as(String.valueOf(s.get("reason"))).isNotEmpty();
            }
        }
    }

    private static List<Map<String, Object>> suppressions() {
        List<Map<String, Object>> out = new ArrayList<>();
        new TemplateView(synthesized.template()).resources().values().forEach(r -> {
            Map<String, Object> metadata = (Map<String, Object>) r.getOrDefault("Metadata", Map.of());
            Map<String, Object> nag = (Map<String, Object>) metadata.getOrDefault("cdk_nag", Map.of());
            for (Object rule : TemplateView.list(nag.get("rules_to_suppress"))) {
                Map<String, Object> m = new java.util.HashMap<>((Map<String, Object>) rule);
                m.put("appliesTo", String.valueOf(m.get("applies_to")));
                out.add(m);
            }
        });
        return out;
    }
}
