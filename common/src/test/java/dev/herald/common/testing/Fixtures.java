package dev.herald.common.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The project's payload fixtures: the exact shapes AWS, Apple and Google send, with invented values
 * ({@code src/test/resources/fixtures} of {@code common}, described in its README.md). They travel in
 * common's test-jar, so every module's tests read the same files from the classpath.
 */
public final class Fixtures {
    private static final String FOLDER = "/fixtures/";

    private Fixtures() {
    }

    /** The fixture's text; fails naming the file when it is not on the classpath. */
    public static String read(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name + " in common/src/test/resources" + FOLDER
                        + "; add the file there (it reaches other modules through common's test-jar)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + name, e);
        }
    }
}
