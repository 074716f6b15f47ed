package dev.herald.local.console;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code herald up}'s readable console. The functions log JSON to standard output, as on Lambda (where it
 * becomes CloudWatch Logs); each runs with the logback of its own jar, whose {@code ConsoleAppender} looks
 * {@code System.out} up on every write. {@link #install} puts this stream there: every function JSON line is
 * appended to {@code <logDir>/functions.log} unchanged and, when {@link LogLineRenderer} has a short line for
 * it (a notification routed, a delivery outcome, a warning), that line is printed instead; everything else
 * (the banner, the host's own log lines) passes through. Lambda's logging is not touched: the functions'
 * jars and their {@code logback.xml} are the ones deployed.
 */
public final class HumanConsole extends LineStream {
    /** The file every function's JSON log line goes to, under the log directory. */
    public static final String FUNCTIONS_LOG = "functions.log";

    private final PrintStream console;
    private final OutputStream file;

    private HumanConsole(PrintStream console, OutputStream file) {
        this.console = console;
        this.file = file;
    }

    /**
     * Replaces {@code System.out} with a human console over the current one.
     *
     * @return the functions' log file
     * @throws UncheckedIOException when the log directory or file cannot be created (the message names it)
     */
    public static Path install(Path logDir) {
        Path log = logDir.resolve(FUNCTIONS_LOG);
        OutputStream file;
        try {
            Files.createDirectories(logDir);
            file = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the functions' log " + log + "; check the data directory's permissions"
                    + " or run with --log-format json to keep the logs on standard output", e);
        }
        System.setOut(new PrintStream(new HumanConsole(System.out, file), true, StandardCharsets.UTF_8));
        return log;
    }

    @Override
    public void flush() {
        console.flush();
    }

    @Override
    void line(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        switch (LogLineRenderer.render(text)) {
            case LogLineRenderer.Rendered.Other other -> console.println(text);
            case LogLineRenderer.Rendered.FunctionLog log -> {
                try {
                    file.write(bytes);
                    file.write('\n');
                    file.flush();
                } catch (IOException e) {
                    console.println(text); // the disk is full or gone: at least the console keeps it
                }
                if (log.console() != null) {
                    console.println(log.console());
                }
            }
        }
    }
}
