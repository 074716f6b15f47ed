package dev.herald.local;

import dev.herald.common.topology.FunctionSpec;
import dev.herald.common.topology.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a function's code is: {@code <repoRoot>/<module>/target/<artifact>-lambda.jar}, module being
 * the artifact without {@code herald-} (the layout the Lambda host loads from). The runtime polls a
 * queue only for a function whose jar exists: without it every batch would fail and be dead-lettered,
 * so the messages wait in the queue until the jar is built.
 */
final class FunctionJars {
    private FunctionJars() {
    }

    static Path jar(Path repoRoot, FunctionSpec function) {
        String module = function.artifact().startsWith("herald-") ? function.artifact().substring("herald-".length()) : function.artifact();
        return repoRoot.resolve(module).resolve("target").resolve(function.artifact() + "-lambda.jar");
    }

    static boolean built(Path repoRoot, FunctionSpec function) {
        return Files.isRegularFile(jar(repoRoot, function));
    }

    /** The Topology with the SQS triggers of unbuilt functions removed (their queues keep their messages). */
    static Topology withoutUnbuiltTriggers(Topology topology, Path repoRoot) {
        List<FunctionSpec> functions = topology.functions().stream()
                .map(f -> built(repoRoot, f) ? f : new FunctionSpec(f.name(), f.handlerClass(), f.artifact(), f.memoryMb(), f.timeout(),
                        f.environment(), java.util.Optional.empty()))
                .toList();
        return new Topology(topology.busName(), topology.rules(), topology.queues(), functions, topology.tables(),
                topology.webSocketApi(), topology.httpApi());
    }

    /** Names of functions whose jar is missing. */
    static List<String> unbuilt(Topology topology, Path repoRoot) {
        return topology.functions().stream().filter(f -> !built(repoRoot, f)).map(FunctionSpec::name).toList();
    }
}
