package dev.herald.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A user's clone has nothing beside it: no source, test, doc or the README may read or link a folder
 * outside the repository. Scans every module's {@code src/}, {@code docs/} and the README.
 */
class RepositoryStandsAloneTest {
    /** Built from parts so that this file does not name what it forbids. */
    private static final Pattern OUTSIDE = Pattern.compile(Pattern.quote(".." + "/shared") + "|" + Pattern.quote("shared" + "/fixtures"));

    @Test
    void sourcesDocsAndReadme_nameNoFolderOutsideTheRepository() throws IOException {
        Path root = repositoryRoot();
        List<String> offenders = new ArrayList<>();
        List<Path> scanned = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(Files::isDirectory).toList()) {
                scan(module.resolve("src"), root, scanned, offenders);
            }
        }
        scan(root.resolve("docs"), root, scanned, offenders);
        scan(root.resolve("README.md"), root, scanned, offenders);

        assertThat(scanned).as("files scanned under %s", root).hasSizeGreaterThan(100);
        assertThat(offenders).as("files that refer outside the repository (keep what they need inside it)").isEmpty();
    }

    private static void scan(Path start, Path root, List<Path> scanned, List<String> offenders) throws IOException {
        if (!Files.exists(start)) {
            return;
        }
        try (Stream<Path> files = Files.walk(start)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text;
                try {
                    text = Files.readString(file);
                } catch (MalformedInputException binary) {
                    continue;
                }
                scanned.add(file);
                text.lines().filter(line -> OUTSIDE.matcher(line).find())
                        .forEach(line -> offenders.add(root.relativize(file) + ": " + line.strip()));
            }
        }
    }

    /** The folder holding the Maven wrapper, found from the module's working directory upwards. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("common"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no mvnw above " + Path.of("").toAbsolutePath());
    }
}
