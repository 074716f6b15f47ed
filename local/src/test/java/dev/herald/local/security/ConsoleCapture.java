package dev.herald.local.security;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies everything the process writes to {@code System.out} and {@code System.err} while it is open,
 * still passing it on. That is where every log of a {@code herald up} run goes, as on Lambda (where the
 * console is CloudWatch Logs): the host's logback and one logback per function jar - each function
 * runs in a class loader of its own with its own logging - all write through their real
 * {@code ConsoleAppender}, which looks {@code System.out} up on every write. An appender attached to
 * the test's own logback would see the host's events only, none of the functions'.
 */
final class ConsoleCapture implements AutoCloseable {
    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream(1 << 20);

    private ConsoleCapture() {
    }

    static ConsoleCapture start() {
        ConsoleCapture c = new ConsoleCapture();
        System.setOut(new PrintStream(c.tee(c.originalOut), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(c.tee(c.originalErr), true, StandardCharsets.UTF_8));
        return c;
    }

    private OutputStream tee(PrintStream passOn) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (captured) {
                    captured.write(b);
                }
                passOn.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (captured) {
                    captured.write(b, off, len);
                }
                passOn.write(b, off, len);
            }

            @Override
            public void flush() {
                passOn.flush();
            }
        };
    }

    /** What was written so far. */
    String text() {
        System.out.flush();
        System.err.flush();
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    /** Puts the original streams back. */
    @Override
    public void close() {
        System.out.flush();
        System.err.flush();
        System.setOut(originalOut);
        System.setErr(originalErr);
    }
}
