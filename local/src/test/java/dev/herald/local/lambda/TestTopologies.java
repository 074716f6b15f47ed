package dev.herald.local.lambda;

import dev.herald.common.topology.EnvValue;
import dev.herald.common.topology.FunctionSpec;
import dev.herald.common.topology.QueueSpec;
import dev.herald.common.topology.SqsTrigger;
import dev.herald.common.topology.Topology;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small Topologies of test functions (see {@link TestFunctionJars}). */
final class TestTopologies {
    private TestTopologies() {
    }

    static FunctionSpec function(String name, Class<?> handler, String artifact, Duration timeout, Map<String, EnvValue> env) {
        return new FunctionSpec(name, handler.getName(), artifact, 256, timeout, env, Optional.empty());
    }

    static FunctionSpec consumer(String name, Class<?> handler, Duration timeout, SqsTrigger trigger) {
        return new FunctionSpec(name, handler.getName(), TestFunctionJars.ARTIFACT, 256, timeout, Map.of(), Optional.of(trigger));
    }

    static Topology of(List<QueueSpec> queues, List<FunctionSpec> functions) {
        return new Topology("test-bus", List.of(), queues, functions, List.of(), null, null);
    }

    /** A queue and its dead-letter queue ({@code <name>-dlq}) that moves messages after {@code maxReceives}. */
    static List<QueueSpec> queueWithDlq(String name, Duration visibility, int maxReceives) {
        return List.of(new QueueSpec(name, visibility, Duration.ofHours(1), Optional.of(new QueueSpec.DeadLetter(name + "-dlq", maxReceives))),
                QueueSpec.deadLetterQueue(name + "-dlq"));
    }
}
