package dev.herald.local;

import java.nio.file.Path;
import java.util.List;

/** The command line of {@code herald up}; no library, a handful of options. */
final class UpCommand {
    static final String USAGE = """
            usage: herald up [--port 4566] [--data-dir .herald] [--demo] [--host 127.0.0.1]
                             [--websocket-port 4510] [--apns-port 4511] [--repo-root .] [--log-format human]
                             [--adjustable-clock]
              --port            the edge port: AWS APIs (AWS_ENDPOINT_URL), HTTP API, dashboard
              --data-dir        where tables, queues, messages and secrets are kept across restarts
              --demo            seed demo users, templates, topic and devices; publish sample events
              --host            interface to bind; 0.0.0.0 makes herald up reachable from other machines
                                (then AWS calls must be signed with the random key the banner prints)
              --websocket-port  the WebSocket API's port
              --apns-port       the APNs emulator's TLS port
              --repo-root       the repository whose <module>/target/*-lambda.jar hold the functions
              --log-format      human: one line per notification, delivery and warning, the functions' JSON logs
                                in <data-dir>/logs/functions.log; json: the functions' JSON logs on standard output
              --adjustable-clock  for trying delays by hand: POST /_herald/clock {"advance":"PT15M"} moves the
                                functions' time forward and fires what fell due (schedules, delayed messages)""";

    private UpCommand() {
    }

    /** A bad command line, with what to change. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /** The options of {@code up ...}; null for {@code --help}. */
    static RuntimeOptions parse(List<String> args) throws UsageException {
        if (args.isEmpty() || !args.getFirst().equals("up")) {
            throw new UsageException(args.isEmpty() ? "missing command: herald up" : "unknown command '" + args.getFirst() + "'; the command is up");
        }
        RuntimeOptions d = RuntimeOptions.defaults();
        String host = d.host();
        int port = d.port();
        int ws = d.webSocketPort();
        int apns = d.apnsPort();
        Path data = d.dataDir();
        Path repo = d.repoRoot();
        boolean demo = false;
        boolean adjustableClock = false;
        RuntimeOptions.LogFormat logFormat = d.logFormat();
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--demo" -> demo = true;
                case "--adjustable-clock" -> adjustableClock = true;
                case "--port" -> port = port(a, value(args, ++i, a));
                case "--websocket-port" -> ws = port(a, value(args, ++i, a));
                case "--apns-port" -> apns = port(a, value(args, ++i, a));
                case "--host" -> host = value(args, ++i, a);
                case "--data-dir" -> data = Path.of(value(args, ++i, a));
                case "--repo-root" -> repo = Path.of(value(args, ++i, a));
                case "--log-format" -> logFormat = logFormat(value(args, ++i, a));
                default -> throw new UsageException("unknown option '" + a + "'");
            }
        }
        return new RuntimeOptions(host, port, ws, apns, data, repo, d.region(), demo, logFormat, adjustableClock);
    }

    private static String value(List<String> args, int i, String option) throws UsageException {
        if (i >= args.size() || args.get(i).startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return args.get(i);
    }

    private static RuntimeOptions.LogFormat logFormat(String value) throws UsageException {
        return switch (value) {
            case "human" -> RuntimeOptions.LogFormat.HUMAN;
            case "json" -> RuntimeOptions.LogFormat.JSON;
            default -> throw new UsageException("--log-format is human or json, not '" + value + "'");
        };
    }

    private static int port(String option, String value) throws UsageException {
        try {
            int p = Integer.parseInt(value);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a port number (0-65535), not '" + value + "'");
        }
    }
}
