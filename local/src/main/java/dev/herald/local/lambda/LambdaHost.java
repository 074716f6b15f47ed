package dev.herald.local.lambda;

import dev.herald.common.topology.EnvValue;
import dev.herald.common.topology.FunctionSpec;
import dev.herald.common.topology.SqsTrigger;
import dev.herald.common.topology.Topology;
import dev.herald.local.FunctionInvoker;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts the Topology's functions as Lambda does, in this JVM.
 * <ul>
 *   <li><b>Code.</b> Each function's handler class ({@link FunctionSpec#handlerClass()}) is loaded by
 *       name from its artifact's shaded jar {@code <repoRoot>/<module>/target/<artifact>-lambda.jar}
 *       (module = artifact without {@code herald-}), in a class loader per artifact whose parent is the
 *       platform class loader: a function sees its own jar only, and {@code local} never compiles
 *       against handler code. A missing jar is reported (WARN) at construction and fails each
 *       invocation with a {@link FunctionError} naming {@code ./mvnw -DskipTests package}; once built,
 *       the next invocation loads it.</li>
 *   <li><b>Environment.</b> Before any handler exists, {@code Environment.override(...)} is called
 *       inside the artifact's class loader with {@code baseEnv} plus the functions' variables
 *       ({@link EnvValue}s resolved by {@code resolver} on the artifact's first invocation). Functions
 *       sharing an artifact share the union; the constructor refuses a Topology in which they disagree.
 *       The SDK settings in {@code baseEnv} (AWS_REGION, AWS_ENDPOINT_URL[_SERVICE], AWS_ACCESS_KEY_ID,
 *       AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN) are also set as the JVM system properties the SDK reads
 *       instead of {@code System.getenv}, since the SDK inside a function does not read Herald's
 *       {@code Environment}.</li>
 *   <li><b>Invocation.</b> As the Lambda Java runtime: see {@code HandlerClass} for the serializers; a
 *       {@code Context} with request id, function name, memory, remaining time and a logger (SLF4J
 *       logger {@code lambda.<function>}); the thread context class loader is the function's.
 *       Handler instances are created lazily, one per concurrent execution environment (cold start
 *       logged with its init time), and reused.</li>
 *   <li><b>Failures.</b> A handler exception is a {@link FunctionError} with the exception's class name
 *       as {@code errorType}; past the function timeout the call is interrupted and fails with
 *       {@code Sandbox.Timedout} "&lt;requestId&gt; Task timed out after N.NN seconds".</li>
 *   <li><b>Concurrency.</b> At most the trigger's {@link SqsTrigger#maxConcurrency()} concurrent
 *       invocations per queue-fed function, {@value #DEFAULT_CONCURRENCY} for the others. A caller
 *       finding every slot busy waits up to the function timeout, then gets
 *       {@code FunctionError("TooManyRequestsException", "Rate Exceeded. ...")}.</li>
 * </ul>
 * Init has no time limit here (Lambda's is 10 s); async retries are the caller's business.
 */
public final class LambdaHost implements FunctionInvoker, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LambdaHost.class);
    /** Concurrent invocations of a function no queue feeds. */
    public static final int DEFAULT_CONCURRENCY = 10;
    /** The account id in ARNs the host makes up (Context's function ARN). */
    static final String ACCOUNT = "000000000000";

    private final Map<String, HostedFunction> functions = new LinkedHashMap<>();
    private final Map<String, ArtifactRuntime> artifacts;
    private final ExecutorService executor;
    private final SdkSettings.Installed sdkSettings;
    private volatile boolean closed;

    /**
     * @param topology the functions to host
     * @param repoRoot the repository root, where {@code <module>/target/<artifactId>-lambda.jar} live
     * @param baseEnv  variables every function gets (AWS_REGION, AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, ...);
     *                 a function's own variable of the same name wins
     * @param resolver turns the Topology's references (TableName, QueueUrl, FunctionName, SecretId,
     *                 WebSocketManagementEndpoint, BusName) into strings; called on an artifact's first invocation
     * @throws IllegalArgumentException when two functions of one artifact give a variable different values
     */
    public LambdaHost(Topology topology, Path repoRoot, Map<String, String> baseEnv, Function<EnvValue, String> resolver) {
        Map<String, String> base = Map.copyOf(baseEnv);
        this.artifacts = ArtifactRuntime.plan(topology, repoRoot.toAbsolutePath().normalize());
        AtomicInteger threads = new AtomicInteger();
        // platform threads: a handler stuck in a busy loop must not hold one of the few virtual-thread carriers
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lambda-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        String region = base.getOrDefault("AWS_REGION", "us-east-1");
        for (FunctionSpec spec : topology.functions()) {
            ArtifactRuntime artifact = artifacts.get(spec.artifact());
            int concurrency = spec.trigger().map(SqsTrigger::maxConcurrency).orElse(DEFAULT_CONCURRENCY);
            Supplier<HandlerClass> handler = new Supplier<>() {
                private HandlerClass loaded;

                @Override
                public synchronized HandlerClass get() {
                    if (loaded == null) {
                        ClassLoader loader = artifact.loader(base, resolver);
                        loaded = HandlerClass.load(spec, loader, artifact.jar().toString(), region, ACCOUNT);
                    }
                    return loaded;
                }
            };
            functions.put(spec.name(), new HostedFunction(spec, Math.max(1, concurrency), handler, executor));
        }
        List<String> missing = artifacts.values().stream().filter(a -> !a.jarExists()).map(a -> a.jar().toString()).toList();
        if (!missing.isEmpty()) {
            LOG.warn("function jars missing; their functions fail until built with ./mvnw -DskipTests package jars={}", missing);
        }
        // The SDK reads these settings from JVM-wide system properties. A host with no function jar runs no function, and
        // must not point the functions of another runtime in this JVM (tests start several) at its own edge.
        sdkSettings = missing.size() == artifacts.size() ? SdkSettings.Installed.NONE : SdkSettings.install(base);
    }

    /**
     * Invokes a function synchronously (RequestResponse).
     *
     * @throws FunctionNotFoundException when the Topology has no such function
     * @throws FunctionError             when the handler threw, timed out, could not be loaded or was throttled
     */
    @Override
    public String invoke(String functionName, String payloadJson) {
        if (closed) {
            throw new IllegalStateException("the Lambda host is closed; start herald up again");
        }
        HostedFunction function = functions.get(functionName);
        if (function == null) {
            throw new FunctionNotFoundException(functionName, functions.keySet());
        }
        return function.invoke(payloadJson == null ? "" : payloadJson);
    }

    /**
     * How often a function's handler ran and for how long in total (handler time only, as Lambda bills it;
     * the wait for a concurrency slot is not included), and how many invocations timed out.
     */
    public record InvocationStats(long invocations, long durationNanos, long timeouts) {
        /** No invocation yet. */
        public static final InvocationStats NONE = new InvocationStats(0, 0, 0);
    }

    /** Invocations so far, by function name; functions never invoked are left out. */
    public Map<String, InvocationStats> invocations() {
        Map<String, InvocationStats> out = new LinkedHashMap<>();
        functions.forEach((name, f) -> {
            InvocationStats stats = f.stats();
            if (stats.invocations() > 0) {
                out.put(name, stats);
            }
        });
        return out;
    }

    /** Stops running handlers (interrupting them) and closes the function class loaders. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("handlers still running after close; they ignore interrupts");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        artifacts.values().forEach(ArtifactRuntime::close);
        SdkSettings.restore(sdkSettings);
    }
}
