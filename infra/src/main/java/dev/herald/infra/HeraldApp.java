package dev.herald.infra;

import dev.herald.common.topology.HeraldTopology;
import dev.herald.common.topology.Topology;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app ({@code infra/cdk.json}: {@code npx aws-cdk synth|deploy} runs this main class).
 * Builds {@link HeraldStack} from {@link HeraldTopology#standard()} and the context settings
 * ({@link StackSettings}), and applies the cdk-nag AWS Solutions checks, whose unsuppressed
 * findings fail synthesis.
 */
public final class HeraldApp {
    /** The construct id of the stack, and its name with the default prefix (other prefixes: {@link PhysicalNames#stackName}). */
    public static final String STACK_NAME = "Herald";

    private HeraldApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        build(app, HeraldTopology.standard());
        app.synth();
    }

    /** Adds the Herald stack for that Topology to the app, with cdk-nag's AWS Solutions checks. */
    public static HeraldStack build(App app, Topology topology) {
        StackSettings settings = StackSettings.fromContext(app.getNode());
        HeraldStack stack = new HeraldStack(app, STACK_NAME, StackProps.builder()
                .stackName(PhysicalNames.stackName(settings.prefix()))
                .description("Herald (" + settings.prefix() + "): event-router fan-out notifications (EventBridge, SQS, Lambda, DynamoDB, API Gateway, SES)")
                .build(), topology, settings);
        Aspects.of(app).add(AwsSolutionsChecks.Builder.create().verbose(true).build());
        return stack;
    }
}
