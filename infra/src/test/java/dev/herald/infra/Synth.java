package dev.herald.infra;

import dev.herald.common.topology.HeraldTopology;
import dev.herald.common.topology.Topology;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

/**
 * Synthesizes a Herald app for tests, once per Topology (a synth costs seconds of jsii):
 * {@link #standard()} is shared by every test class in the JVM.
 */
final class Synth {
    static final String ISSUER = "https://auth.example.com/";
    static final String AUDIENCE = "herald-clients";
    static final String SES_IDENTITY = "example.com";

    private static Synthesized standard;

    private Synth() {
    }

    record Synthesized(App app, HeraldStack stack, Template template) {
    }

    static synchronized Synthesized standard() {
        if (standard == null) {
            standard = of(HeraldTopology.standard(), emptyRepoRoot());
        }
        return standard;
    }

    /** Synthesizes the app for that Topology with function jars looked up under repoRoot (placeholders where missing). */
    static Synthesized of(Topology topology, Path repoRoot) {
        App app = new App(AppProps.builder().context(context(repoRoot, true)).build());
        HeraldStack stack = HeraldApp.build(app, topology);
        return new Synthesized(app, stack, Template.fromStack(stack));
    }

    /** Synthesizes the standard Topology with these context values on top of the tests' usual ones. */
    static Synthesized withContext(Map<String, Object> extra) {
        Map<String, Object> context = context(emptyRepoRoot(), true);
        context.putAll(extra);
        App app = new App(AppProps.builder().context(context).build());
        HeraldStack stack = HeraldApp.build(app, HeraldTopology.standard());
        return new Synthesized(app, stack, Template.fromStack(stack));
    }

    static Map<String, Object> context(Path repoRoot, boolean allowMissingJars) {
        Map<String, Object> context = new HashMap<>();
        context.put(StackSettings.JWT_ISSUER, ISSUER);
        context.put(StackSettings.JWT_AUDIENCE, AUDIENCE);
        context.put(StackSettings.SES_IDENTITY, SES_IDENTITY);
        context.put(StackSettings.REPO_ROOT, repoRoot.toString());
        context.put(StackSettings.ALLOW_MISSING_JARS, Boolean.toString(allowMissingJars));
        // the router's routes (tests run in infra/): the default bus forwards the AWS sources they match
        context.put(StackSettings.ROUTES_FILE, Path.of("..").resolve(StackSettings.BUNDLED_ROUTES).toString());
        return context;
    }

    /** A repository root without any jar, so tests do not depend on whether the function modules were packaged. */
    static Path emptyRepoRoot() {
        return Path.of("target", "no-jars");
    }
}
