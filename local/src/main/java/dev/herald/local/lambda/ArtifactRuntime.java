package dev.herald.local.lambda;

import dev.herald.common.topology.EnvValue;
import dev.herald.common.topology.FunctionSpec;
import dev.herald.common.topology.Topology;
import dev.herald.local.FunctionInvoker.FunctionError;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One function artifact (a Maven module's shaded {@code <module>/target/<artifact>-lambda.jar}) in a
 * class loader of its own whose parent is the platform class loader: the function sees its jar and
 * the JDK, nothing of the host - as on Lambda. The functions of one artifact share the loader, so
 * they share its {@code dev.herald.common.config.Environment}: it holds the union of their
 * variables, which {@link #plan} checks to agree name by name.
 */
final class ArtifactRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ArtifactRuntime.class);
    private static final String ENVIRONMENT = "dev.herald.common.config.Environment";

    private final String artifact;
    private final Path jar;
    private final Map<String, EnvValue> environment;
    private URLClassLoader loader;

    private ArtifactRuntime(String artifact, Path jar, Map<String, EnvValue> environment) {
        this.artifact = artifact;
        this.jar = jar;
        this.environment = environment;
    }

    /**
     * Groups the Topology's functions by artifact.
     *
     * @throws IllegalArgumentException when two functions of one artifact give one variable different
     *                                  values: they would share one class loader, so one would see the other's
     */
    static Map<String, ArtifactRuntime> plan(Topology topology, Path repoRoot) {
        Map<String, Map<String, EnvValue>> union = new LinkedHashMap<>();
        Map<String, String> firstSetter = new TreeMap<>();
        List<String> conflicts = new ArrayList<>();
        for (FunctionSpec f : topology.functions()) {
            Map<String, EnvValue> env = union.computeIfAbsent(f.artifact(), a -> new TreeMap<>());
            new TreeMap<>(f.environment()).forEach((name, value) -> {
                EnvValue before = env.putIfAbsent(name, value);
                String key = f.artifact() + "/" + name;
                firstSetter.putIfAbsent(key, f.name());
                if (before != null && !before.equals(value)) {
                    conflicts.add(name + " is " + before + " in " + firstSetter.get(key) + " but " + value + " in " + f.name());
                }
            });
        }
        if (!conflicts.isEmpty()) {
            throw new IllegalArgumentException("functions of one artifact share a class loader and so one environment, but "
                    + String.join("; ", conflicts) + "; give the variable one value, or move a function to its own module");
        }
        Map<String, ArtifactRuntime> runtimes = new LinkedHashMap<>();
        union.forEach((artifact, env) -> runtimes.put(artifact, new ArtifactRuntime(artifact, jarOf(repoRoot, artifact), env)));
        return runtimes;
    }

    /** {@code herald-router} lives in {@code <repoRoot>/router/target/herald-router-lambda.jar}. */
    static Path jarOf(Path repoRoot, String artifact) {
        String module = artifact.startsWith("herald-") ? artifact.substring("herald-".length()) : artifact;
        return repoRoot.resolve(module).resolve("target").resolve(artifact + "-lambda.jar");
    }

    Path jar() {
        return jar;
    }

    boolean jarExists() {
        return Files.isRegularFile(jar);
    }

    /**
     * The artifact's class loader, created on first use with the environment installed: base
     * variables, then the functions' own (resolved now, so references to resources started after
     * the host - the WebSocket management endpoint - resolve).
     */
    synchronized ClassLoader loader(Map<String, String> baseEnv, Function<EnvValue, String> resolver) {
        if (loader != null) {
            return loader;
        }
        if (!jarExists()) {
            throw new FunctionError("Runtime.ImportModuleError", "no jar for " + artifact + " at " + jar
                    + "; build the function jars first: ./mvnw -DskipTests package", null);
        }
        Map<String, String> env = new TreeMap<>(baseEnv);
        environment.forEach((name, value) -> env.put(name, resolve(name, value, resolver)));
        URLClassLoader created = new URLClassLoader("herald-function-" + artifact, new URL[] {url(jar)}, ClassLoader.getPlatformClassLoader());
        installEnvironment(created, env);
        loader = created;
        return created;
    }

    private String resolve(String name, EnvValue value, Function<EnvValue, String> resolver) {
        if (value instanceof EnvValue.Literal literal) {
            return literal.value();
        }
        String resolved;
        try {
            resolved = resolver.apply(value);
        } catch (RuntimeException e) {
            throw new FunctionError("Runtime.ConfigurationError", "cannot resolve " + name + " = " + value + " for " + artifact + ": " + e.getMessage(), e);
        }
        if (resolved == null) {
            throw new FunctionError("Runtime.ConfigurationError", "the local runtime resolves " + name + " = " + value
                    + " for " + artifact + " to nothing; give the resolver a value for it", null);
        }
        return resolved;
    }

    /** Calls {@code Environment.override(env)} inside the loader, before any handler exists. */
    private void installEnvironment(URLClassLoader created, Map<String, String> env) {
        Class<?> environmentClass;
        try {
            environmentClass = Class.forName(ENVIRONMENT, true, created);
        } catch (ClassNotFoundException e) {
            LOG.warn("function jar has no {}; its handlers see only the process environment artifact={} jar={}", ENVIRONMENT, artifact, jar);
            return;
        }
        try {
            environmentClass.getMethod("override", Map.class).invoke(null, Map.copyOf(env));
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Environment.override failed in " + artifact + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(ENVIRONMENT + " in " + jar + " has no public static override(Map); rebuild the jar", e);
        }
        LOG.info("function class loader ready artifact={} variables={}", artifact, env.keySet());
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("not a file path: " + jar, e);
        }
    }

    @Override
    public synchronized void close() {
        if (loader != null) {
            try {
                loader.close();
            } catch (IOException e) {
                LOG.warn("cannot close class loader artifact={} error={}", artifact, e.toString());
            }
            loader = null;
        }
    }
}
