package dev.herald.local;

import java.nio.file.Path;

/**
 * How {@code herald up} runs. Ports of 0 are replaced by free ones at start (tests do that).
 *
 * @param host          interface every server binds, e.g. {@code 127.0.0.1} (use {@code 0.0.0.0} to reach it from other machines)
 * @param port          the edge port: every AWS-compatible API, the HTTP API and the dashboard
 * @param webSocketPort the WebSocket API's port (a host of its own, as on AWS)
 * @param apnsPort      the APNs emulator's TLS port
 * @param dataDir       where tables, queues, messages, secrets and keys are kept
 * @param repoRoot      the repository, whose {@code <module>/target/*-lambda.jar} hold the functions
 * @param region        the region in ARNs, queue URLs and the SDK settings handed to functions
 * @param demo          seed the demo data and publish its sample events
 * @param logFormat     {@code HUMAN}: {@code herald up} prints one short line per notification, delivery outcome and warning,
 *                      and writes the functions' JSON logs to {@code <dataDir>/logs}; {@code JSON}: the JSON logs on standard output
 * @param adjustableClock the functions, the Scheduler and delayed SQS messages follow a clock that {@code POST /_herald/clock}
 *                      (or {@link LocalRuntime#advanceClock}) moves forward - for tests of what happens after a delay; off by default
 */
public record RuntimeOptions(String host, int port, int webSocketPort, int apnsPort, Path dataDir, Path repoRoot, String region,
                             boolean demo, LogFormat logFormat, boolean adjustableClock) {
    /** Options on the system clock. */
    public RuntimeOptions(String host, int port, int webSocketPort, int apnsPort, Path dataDir, Path repoRoot, String region,
                          boolean demo, LogFormat logFormat) {
        this(host, port, webSocketPort, apnsPort, dataDir, repoRoot, region, demo, logFormat, false);
    }

    /** How {@code herald up} shows the functions' logs. */
    public enum LogFormat {
        HUMAN, JSON
    }

    public static final int DEFAULT_PORT = 4566;
    public static final int DEFAULT_WEBSOCKET_PORT = 4510;
    public static final int DEFAULT_APNS_PORT = 4511;
    public static final String DEFAULT_REGION = "eu-west-1";

    /** The defaults of {@code herald up}: loopback, ports 4566/4510/4511, {@code .herald} in the working directory. */
    public static RuntimeOptions defaults() {
        return new RuntimeOptions("127.0.0.1", DEFAULT_PORT, DEFAULT_WEBSOCKET_PORT, DEFAULT_APNS_PORT, Path.of(".herald"), Path.of("."),
                DEFAULT_REGION, false, LogFormat.HUMAN);
    }

    /** Every port 0 (free ones), for tests. */
    public static RuntimeOptions ephemeral(Path dataDir, Path repoRoot) {
        return new RuntimeOptions("127.0.0.1", 0, 0, 0, dataDir, repoRoot, DEFAULT_REGION, false, LogFormat.HUMAN);
    }

    /** Where the functions' JSON logs go with {@link LogFormat#HUMAN}. */
    public Path logDir() {
        return dataDir.resolve("logs");
    }

    public RuntimeOptions withDemo(boolean on) {
        return new RuntimeOptions(host, port, webSocketPort, apnsPort, dataDir, repoRoot, region, on, logFormat, adjustableClock);
    }

    /** With {@code on}, herald up starts with the adjustable clock ({@link #adjustableClock()}). */
    public RuntimeOptions withAdjustableClock(boolean on) {
        return new RuntimeOptions(host, port, webSocketPort, apnsPort, dataDir, repoRoot, region, demo, logFormat, on);
    }
}
