package dev.herald.local;

import dev.herald.local.console.HumanConsole;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code herald up [--port 4566] [--data-dir .herald] [--demo] [--host 127.0.0.1] [--log-format human]}: starts the
 * {@link LocalRuntime}, prints every endpoint and the environment to copy, then runs until Ctrl-C. The console shows one
 * line per notification, delivery outcome and warning ({@link HumanConsole}); the functions' JSON logs go to
 * {@code <data>/logs/functions.log}, or with {@code --log-format json} to standard output. On Ctrl-C or SIGTERM a
 * shutdown hook stops the runtime in its order ({@link LocalRuntime#close()}). Exit status 2 for a bad command line, 1
 * when the runtime cannot start (the message says why).
 */
public final class HeraldUp {
    private HeraldUp() {
    }

    public static void main(String[] args) {
        // before the first logger exists: human-readable console logs instead of the functions' JSON
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "herald-up-logback.xml");
        }
        long begin = System.nanoTime();
        RuntimeOptions options;
        try {
            options = UpCommand.parse(List.of(args));
        } catch (UpCommand.UsageException e) {
            System.err.println(e.getMessage());
            System.err.println(UpCommand.USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println(UpCommand.USAGE);
            return;
        }
        if (options.logFormat() == RuntimeOptions.LogFormat.HUMAN) {
            try {
                HumanConsole.install(options.logDir());
            } catch (java.io.UncheckedIOException e) {
                System.err.println("herald up could not start: " + e.getMessage());
                System.exit(1);
                return;
            }
        }
        LocalRuntime runtime;
        try {
            runtime = LocalRuntime.start(options);
        } catch (RuntimeException e) {
            System.err.println("herald up could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            long stopping = System.nanoTime();
            System.out.println("herald up: stopping");
            runtime.close();
            System.out.println("herald up: stopped in " + (System.nanoTime() - stopping) / 1_000_000 + " ms");
        }, "herald-up-stop"));
        printBanner(System.out, runtime, (System.nanoTime() - begin) / 1_000_000);
    }

    static void printBanner(PrintStream out, LocalRuntime runtime, long millis) {
        String edge = runtime.edgeEndpoint().toString();
        Path data = runtime.options().dataDir().toAbsolutePath().normalize();
        out.println();
        out.println("Herald is up");
        out.println("  AWS endpoint (EventBridge, SQS, DynamoDB, Secrets Manager, SES v2, Lambda)  " + edge);
        out.println("  HTTP API        " + edge + "/v1/events   (Authorization: Bearer <a producer's token: scope herald/publish>)");
        out.println("  WebSocket API   " + runtime.webSocketEndpoint() + "?token=<jwt>");
        out.println("  @connections    " + edge + "/" + runtime.topology().webSocketApi().stage() + "/@connections/{connectionId}");
        out.println("  Dashboard       " + runtime.dashboardUrl());
        out.println("  APNs emulator   localhost:" + runtime.apnsPort() + " (TLS)   FCM v1 + SES v2 emulators on " + edge);
        out.println("  Webhooks        loopback endpoints allowed here (HERALD_WEBHOOK_ALLOW_LOOPBACK=true; never on AWS); receiver " + edge + "/webhook-sink");
        out.println("  Data            " + data);
        if (runtime.options().adjustableClock()) {
            out.println("  Clock           adjustable (tests): curl -X POST " + edge + dev.herald.local.clock.ClockApi.PATH
                    + " -H 'Content-Type: application/json' -d '{\"advance\":\"PT15M\"}'");
        }
        if (runtime.options().logFormat() == RuntimeOptions.LogFormat.HUMAN) {
            out.println("  Function logs   " + data.resolve("logs").resolve(HumanConsole.FUNCTIONS_LOG)
                    + " (JSON, as on Lambda; --log-format json prints them here)");
        }
        if (!runtime.unbuiltFunctions().isEmpty()) {
            out.println("  Not built       " + String.join(", ", runtime.unbuiltFunctions())
                    + " - run ./mvnw -q -DskipTests package; until then their queues keep their messages");
        }
        if (runtime.demo() != null) {
            out.println("  Demo            users user-1..user-3 seeded (" + runtime.demo().written() + " items written), sample events published");
        }
        var credentials = runtime.credentials();
        if (credentials.enforced()) {
            out.println("  Listening on    " + runtime.options().host() + " (beyond loopback): every AWS API call must be signed with the key below;"
                    + " the dashboard, dev tokens and faults answer only on this machine");
        }
        out.println();
        out.println("Copy into a shell:");
        // the SDKs read AWS_REGION, the AWS CLI v2 reads AWS_DEFAULT_REGION
        out.println("  export AWS_ENDPOINT_URL=" + edge + " AWS_REGION=" + runtime.region() + " AWS_DEFAULT_REGION=" + runtime.region()
                + " AWS_ACCESS_KEY_ID=" + credentials.accessKeyId() + " AWS_SECRET_ACCESS_KEY=" + credentials.secretAccessKey());
        // an operator's token for /v1/admin/... (routes, templates, profiles) and a producer's for POST /v1/events (README)
        out.println("  export HERALD_ADMIN_TOKEN=" + runtime.adminToken("herald-up-operator")
                + " HERALD_PRODUCER_TOKEN=" + runtime.producerToken("herald-up-producer", false));
        // the demo's order-shipped template needs orderId and eta; its route is WebSocket-first (README, Channel steps): the frame
        // now, the push after 30 s (at once when user-1 has no connection) and the email after 15 min, each unless read
        out.println("  aws events put-events --endpoint-url " + edge + " --entries '[{\"EventBusName\":\"" + runtime.topology().busName()
                + "\",\"Source\":\"shop.orders\",\"DetailType\":\"order.shipped\",\"Detail\":\"{\\\"recipients\\\":[\\\"user-1\\\"],\\\"data\\\":{\\\"orderId\\\":\\\"A-17\\\",\\\"eta\\\":\\\"tomorrow\\\"}}\"}]'");
        out.println("  aws sqs list-queues --endpoint-url " + edge + "    aws dynamodb list-tables --endpoint-url " + edge);
        out.println();
        out.println("herald up: ready in " + millis + " ms (Ctrl-C stops)");
    }
}
