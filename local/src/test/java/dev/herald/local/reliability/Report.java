package dev.herald.local.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What a reliability test observed, as a row of the docs/RELIABILITY.md table: appended to
 * {@code target/reliability-observed.md} (and printed), so the doc is filled from a real run.
 */
final class Report {
    private static final Path FILE = Path.of("target", "reliability-observed.md");

    private Report() {
    }

    static synchronized void row(String scenario, String injected, String expected, String observed, String test) {
        String line = "| " + scenario + " | " + injected + " | " + expected + " | " + observed + " | `" + test + "` |";
        System.out.println("RELIABILITY " + line);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
