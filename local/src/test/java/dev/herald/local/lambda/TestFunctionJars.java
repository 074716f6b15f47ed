package dev.herald.local.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.herald.common.config.Environment;
import dev.herald.local.lambda.testfunctions.EchoStreamHandler;
import java.io.IOException;
import org.joda.time.DateTime;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Builds real function jars for the tests, laid out as the function modules lay theirs out
 * ({@code <root>/<module>/target/<artifact>-lambda.jar}): the handlers of the {@code testfunctions}
 * package, plus everything of aws-lambda-java-core, aws-lambda-java-events (with its joda-time) and herald-common, the way
 * the shade plugin bundles a function's dependencies. Built once per test JVM in a temporary directory.
 */
final class TestFunctionJars {
    /** Two artifacts with the same content, so that tests can put functions in different class loaders. */
    static final String ARTIFACT = "herald-test-functions";
    static final String OTHER_ARTIFACT = "herald-test-other";
    private static final String HANDLER_PACKAGE = EchoStreamHandler.class.getPackageName().replace('.', '/') + "/";

    private static Path root;

    private TestFunctionJars() {
    }

    static synchronized Path repoRoot() {
        if (root == null) {
            try {
                Path dir = Files.createTempDirectory("herald-function-jars");
                for (String artifact : List.of(ARTIFACT, OTHER_ARTIFACT)) {
                    Path jar = ArtifactRuntime.jarOf(dir, artifact);
                    Files.createDirectories(jar.getParent());
                    write(jar);
                }
                root = dir;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot build the test function jars", e);
            }
        }
        return root;
    }

    private static void write(Path jar) throws IOException {
        Set<String> seen = new HashSet<>();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            copyDirectory(location(EchoStreamHandler.class), HANDLER_PACKAGE, out, seen);
            for (Class<?> dependency : List.of(RequestHandler.class, SQSEvent.class, DateTime.class, Environment.class)) {
                Path source = location(dependency);
                if (Files.isDirectory(source)) {
                    copyDirectory(source, "", out, seen);
                } else {
                    copyJar(source, out, seen);
                }
            }
        }
    }

    private static void copyDirectory(Path dir, String prefix, JarOutputStream out, Set<String> seen) throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve(prefix))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = dir.relativize(file).toString().replace('\\', '/');
                if (seen.add(name)) {
                    out.putNextEntry(new JarEntry(name));
                    Files.copy(file, out);
                    out.closeEntry();
                }
            }
        }
    }

    private static void copyJar(Path source, JarOutputStream out, Set<String> seen) throws IOException {
        try (JarFile jar = new JarFile(source.toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                String name = e.getName();
                if (e.isDirectory() || name.startsWith("META-INF/") || name.endsWith("module-info.class") || !seen.add(name)) {
                    continue;
                }
                out.putNextEntry(new JarEntry(name));
                try (var in = jar.getInputStream(e)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
    }

    private static Path location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("no file location for " + type, e);
        }
    }
}
