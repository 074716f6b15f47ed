package dev.herald.local.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads the functions' JSON log lines as they pass through {@code System.out}, as a CloudWatch Logs metric filter
 * reads them on AWS, and hands each event to a listener (the dashboard's pipeline counts). Every line is passed on
 * unchanged to the stream that was {@code System.out} before {@link #install}; {@link #close()} puts that stream back.
 */
public final class FunctionLogTap extends LineStream implements AutoCloseable {
    private final PrintStream next;
    private final Consumer<JsonNode> listener;
    private PrintStream installed;

    private FunctionLogTap(PrintStream next, Consumer<JsonNode> listener) {
        this.next = next;
        this.listener = listener;
    }

    /** Puts a tap in front of the current {@code System.out}; {@code listener} must not block and never throws out. */
    public static FunctionLogTap install(Consumer<JsonNode> listener) {
        FunctionLogTap tap = new FunctionLogTap(System.out, listener);
        tap.installed = new PrintStream(tap, true, StandardCharsets.UTF_8);
        System.setOut(tap.installed);
        return tap;
    }

    @Override
    void line(byte[] bytes) {
        next.write(bytes, 0, bytes.length);
        next.write('\n');
        next.flush();
        if (bytes.length > 0 && bytes[0] == '{') {
            JsonNode event = LogLineRenderer.functionEvent(new String(bytes, StandardCharsets.UTF_8));
            if (event != null) {
                try {
                    listener.accept(event);
                } catch (RuntimeException e) {
                    // counting is best effort; the log line itself has been passed on
                }
            }
        }
    }

    @Override
    public void flush() {
        next.flush();
    }

    /** Removes the tap when it is still {@code System.out} (a later wrapper keeps it, passing lines on as before). */
    @Override
    public synchronized void close() {
        if (System.out == installed) {
            System.setOut(next);
        }
    }
}
