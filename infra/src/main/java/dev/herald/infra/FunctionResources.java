package dev.herald.infra;

import dev.herald.common.topology.FunctionSpec;
import dev.herald.common.topology.SqsTrigger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSourceProps;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * One Lambda function per {@link FunctionSpec}: Java 21 on arm64, SnapStart on published versions,
 * an alias {@value #ALIAS} on the current version (everything that invokes a function, event
 * source mappings and API integrations included, invokes the alias, so SnapStart applies),
 * memory, timeout and environment from the Topology, active X-Ray tracing and a log group with
 * the configured retention.
 */
final class FunctionResources {
    /** The alias every caller invokes. */
    static final String ALIAS = "live";

    private final Map<String, Deployed> functions = new LinkedHashMap<>();

    FunctionResources(Construct scope, List<FunctionSpec> specs, FunctionCode code, FunctionWiring wiring, StackSettings settings, PhysicalNames names) {
        for (FunctionSpec spec : specs) {
            String id = Ids.of("Fn", spec.name());
            LogGroup logs = LogGroup.Builder.create(scope, id + "Logs")
                    .logGroupName("/aws/lambda/" + names.of(spec.name()))
                    .retention(Retention.days(settings.logRetentionDays()))
                    .removalPolicy(RemovalPolicy.DESTROY)
                    .build();
            FunctionCode.Resolved resolved = code.forArtifact(spec.artifact());
            Function fn = Function.Builder.create(scope, id)
                    .functionName(names.of(spec.name()))
                    .description("Herald " + names.of(spec.name()) + " (" + spec.handlerClass() + ")")
                    .runtime(Runtime.JAVA_21)
                    .architecture(Architecture.ARM_64)
                    .handler(spec.handlerClass() + "::handleRequest")
                    .code(resolved.code())
                    .memorySize(spec.memoryMb())
                    .timeout(Duration.seconds(spec.timeout().toSeconds()))
                    .environment(wiring.environment(spec))
                    .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                    .tracing(Tracing.ACTIVE)
                    .logGroup(logs)
                    .build();
            if (resolved.placeholder()) {
                Annotations.of(fn).addWarningV2("herald:placeholderCode", "no " + spec.artifact() + FunctionCode.JAR_SUFFIX
                        + " found: this function has placeholder code (herald:allowMissingJars=true); run `./mvnw -B -DskipTests package` before deploying");
            }
            Alias alias = Alias.Builder.create(scope, id + "Alias")
                    .aliasName(ALIAS)
                    .version(fn.getCurrentVersion())
                    .build();
            functions.put(spec.name(), new Deployed(spec, fn, alias, resolved.placeholder()));
        }
    }

    /** Adds each queue-fed function's SQS event source mapping (on its alias) exactly as its trigger says. */
    void connectTriggers(QueueResources queues) {
        for (Deployed d : functions.values()) {
            d.spec().trigger().ifPresent(t -> d.alias().addEventSource(new SqsEventSource(queues.get(t.queue()), props(t))));
        }
    }

    private static SqsEventSourceProps props(SqsTrigger t) {
        var props = SqsEventSourceProps.builder()
                .batchSize(t.batchSize())
                .reportBatchItemFailures(t.reportBatchItemFailures())
                .maxConcurrency(t.maxConcurrency());
        if (!t.maxBatchingWindow().isZero()) {
            props.maxBatchingWindow(Duration.seconds(t.maxBatchingWindow().toSeconds()));
        }
        return props.build();
    }

    Deployed get(String name) {
        Deployed d = functions.get(name);
        if (d == null) {
            throw new IllegalArgumentException("the Topology has no function named " + name);
        }
        return d;
    }

    Map<String, Deployed> all() {
        return Collections.unmodifiableMap(functions);
    }

    /** A deployed function: the function itself and the alias callers invoke. */
    record Deployed(FunctionSpec spec, Function function, Alias alias, boolean placeholder) {
    }
}
