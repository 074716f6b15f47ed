package dev.herald.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awscdk.services.lambda.Code;

/**
 * Finds each function's code: the shaded jar {@code <module>/target/<artifact>-lambda.jar} that
 * {@code ./mvnw package} builds (the module directory is the artifact id without {@code herald-}).
 *
 * <p>A missing jar is an error naming the command that builds it, so nothing ever deploys an
 * empty function. Only when the context flag {@code herald:allowMissingJars} is {@code true}
 * (the infra tests, which run before the function modules are packaged) does a missing jar
 * become a placeholder directory holding a note, and the caller marks the function with a
 * synthesis warning.
 */
final class FunctionCode {
    static final String JAR_SUFFIX = "-lambda.jar";
    private static final String MODULE_PREFIX = "herald-";

    private final Path repoRoot;
    private final boolean allowMissingJars;

    FunctionCode(StackSettings settings) {
        this.repoRoot = settings.repoRoot();
        this.allowMissingJars = settings.allowMissingJars();
    }

    /** The code of a function built by that artifact, and whether it is only a placeholder. */
    Resolved forArtifact(String artifact) {
        Path jar = jarOf(artifact);
        if (Files.isRegularFile(jar)) {
            return new Resolved(Code.fromAsset(jar.toAbsolutePath().normalize().toString()), false);
        }
        if (!allowMissingJars) {
            throw new IllegalStateException("Lambda jar " + jar.toAbsolutePath().normalize() + " does not exist; run `./mvnw -B -DskipTests package`"
                    + " in the repository root first (or pass -c " + StackSettings.REPO_ROOT + "=<path to the repository root>)");
        }
        return new Resolved(Code.fromAsset(placeholder(artifact).toString()), true);
    }

    Path jarOf(String artifact) {
        String module = artifact.startsWith(MODULE_PREFIX) ? artifact.substring(MODULE_PREFIX.length()) : artifact;
        return repoRoot.resolve(module).resolve("target").resolve(artifact + JAR_SUFFIX);
    }

    private static Path placeholder(String artifact) {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "herald-cdk-placeholder", artifact);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("MISSING_JAR.txt"), "placeholder for " + artifact + JAR_SUFFIX
                    + ": synthesized with herald:allowMissingJars=true; never deploy this\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the placeholder asset for " + artifact + " to " + dir, e);
        }
        return dir;
    }

    record Resolved(Code code, boolean placeholder) {
    }
}
