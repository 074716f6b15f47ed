package dev.herald.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared payload fixtures ({@code ../shared/fixtures} beside the repository): the exact shapes
 * AWS, Apple and Google send. Looked up from the working directory upwards, so it works from any module.
 */
public final class Fixtures {
    private Fixtures() {
    }

    public static String read(String name) {
        try {
            return Files.readString(directory().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + name, e);
        }
    }

    public static Path directory() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            for (Path candidate : new Path[] {dir.resolve("shared/fixtures"), dir.resolve("../shared/fixtures")}) {
                if (Files.isDirectory(candidate)) {
                    return candidate.normalize();
                }
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("shared/fixtures not found above " + Path.of("").toAbsolutePath()
                + "; the repository must sit beside shared/ (as in CI)");
    }
}
