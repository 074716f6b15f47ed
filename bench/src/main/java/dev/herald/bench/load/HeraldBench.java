package dev.herald.bench.load;

import dev.herald.common.config.EnvNames;

import dev.herald.local.emulators.ApnsEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

/**
 * {@code herald bench <scenario> [--name value ...]}: the load harness. Every scenario starts what it
 * needs in this JVM on loopback (the whole {@code herald up} runtime with the real function jars, or
 * just the APNs emulator), runs for a bounded time and prints Markdown tables, also appended to
 * {@code bench/target/bench-results/<scenario>-<time>.md}.
 */
public final class HeraldBench {
    static final String USAGE = """
            usage: herald bench <scenario> [--name value ...]
              throughput  stepped open-loop rates, 1 WS + 1 push + 1 email target per event; zero loss via the ledger; the knee
                          --rates 2,4,8,16,32,64,125,250,500,1000  --step-seconds 15  --p99-limit-ms 1000  --drain-seconds 120  --warmup-events 60
              latency     open loop, producer -> WebSocket frame, HdrHistogram
                          --rate 200  --seconds 30  --warmup-seconds 10  --channels websocket|all
              fanout      one event to N connected WebSocket clients   --clients 100,1000,10000  --timeout-seconds 600
              ws-memory   heap per idle WebSocket connection           --connections 10000  --idle-seconds 10
              apns        APNs throughput through the push handler's sender to the APNs emulator (MockApnsServer)
                          --notifications 100000  --warmup 20000  --per-call 10  --connections 2  --max-in-flight 500
              cost        counted calls per delivery and cost per million deliveries, Herald vs the baseline recipe
                          --events 1500  --baseline-concurrency 10  --warmup-events 90
              all         every scenario above, one after another
              smoke       a few seconds of cost and apns (what the build's smoke test runs)
            common: --repo-root <dir> (where <module>/target/*-lambda.jar are; ./herald sets it)
            """;

    private HeraldBench() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "herald-up-logback.xml");
        }
        // the functions' own logback configurations read this too: no INFO line per event while measuring
        if (System.getProperty(EnvNames.LOG_LEVEL) == null && System.getenv(EnvNames.LOG_LEVEL) == null) {
            System.setProperty(EnvNames.LOG_LEVEL, "WARN");
        }
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.println(USAGE);
            return;
        }
        String scenario = args[0];
        Options options;
        try {
            options = new Options(Arrays.asList(args).subList(1, args.length));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        Path out = options.repoRoot().resolve("bench/target/bench-results")
                .resolve(scenario + "-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now()) + ".md");
        Report report = new Report(out);
        run(scenario, options, report);
        System.out.println();
        System.out.println("results appended to " + out);
        System.exit(0);
    }

    /** Runs one scenario (or all); throws IllegalArgumentException for an unknown one. */
    static void run(String scenario, Options o, Report report) throws Exception {
        header(report, scenario);
        switch (scenario) {
            case "apns" -> apns(o, report);
            case "fanout" -> {
                try (BenchRuntime b = BenchRuntime.start(o.repoRoot())) {
                    FanOutScenario.run(b, o, report);
                }
            }
            case "ws-memory" -> {
                try (BenchRuntime b = BenchRuntime.start(o.repoRoot())) {
                    IdleMemoryScenario.run(b, o, report);
                }
            }
            case "throughput", "latency", "cost" -> {
                try (Pipeline p = Pipeline.start(o.repoRoot())) {
                    switch (scenario) {
                        case "throughput" -> ThroughputScenario.run(p, o, report);
                        case "latency" -> LatencyScenario.run(p, o, report);
                        default -> CostScenario.run(p, o, report);
                    }
                }
            }
            case "all" -> {
                for (String s : List.of("apns", "cost", "latency", "throughput", "fanout", "ws-memory")) {
                    run(s, o, report);
                }
            }
            case "smoke" -> smoke(o, report);
            default -> throw new IllegalArgumentException("unknown scenario '" + scenario + "'\n" + USAGE);
        }
    }

    /** A few seconds of the cost scenario (Herald and baseline) and of APNs; returns what was measured, for the smoke test. */
    static CostScenario.Side[] smoke(Options o, Report report) throws Exception {
        apnsWith(report, 2_000, 500, 10, 1, 100);
        try (Pipeline p = Pipeline.start(o.repoRoot())) {
            return CostScenario.run(p, new Options(List.of("--events", "30", "--warmup-events", "9", "--drain-seconds", "240")), report);
        }
    }

    private static void apns(Options o, Report report) throws Exception {
        apnsWith(report, o.integer("notifications", 100_000), o.integer("warmup", 20_000), o.integer("per-call", 10),
                o.integer("connections", 2), o.integer("max-in-flight", 500));
    }

    static ApnsSenderLoad.Result apnsWith(Report report, int notifications, int warmup, int perCall, int connections, int maxInFlight)
            throws Exception {
        try (ApnsEmulator emulator = new ApnsEmulator(0).start()) {
            ApnsSenderLoad.Result r = ApnsSenderLoad.run(emulator, notifications, warmup, perCall, connections, maxInFlight);
            report.line("");
            report.line("### APNs through the push handler's ApnsSender to the APNs emulator (MockApnsServer, TLS, token auth)");
            report.line("");
            report.line("| notifications | accepted | not accepted | seconds | notifications/s | connections | max in flight | devices per send |");
            report.line("|---|---|---|---|---|---|---|---|");
            report.line("| %d | %d | %d | %.2f | %.0f | %d | %d | %d |", r.sent(), r.accepted(), r.otherwise(), r.seconds(), r.perSecond(),
                    r.connections(), r.maxInFlight(), perCall);
            return r;
        }
    }

    private static void header(Report report, String scenario) throws IOException {
        String load = Files.exists(Path.of("/proc/loadavg")) ? Files.readString(Path.of("/proc/loadavg")).trim() : "n/a";
        report.line("");
        report.line("## herald bench %s - %s", scenario, DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        report.line("");
        report.line("machine: %d cores, %s %s, %s; load average at start (1/5/15 min): %s", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"), System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                load);
    }
}
