package dev.herald.bench.load;

import dev.herald.common.topology.FunctionSpec;
import dev.herald.local.lambda.LambdaHost;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Counted calls per delivery and cost per million deliveries, Herald and the baseline recipe in the
 * same run on the same engines. Herald: {@code events} {@code order.shipped} events (3 deliveries
 * each) published as fast as {@code --in-flight} PutEvents calls of 10 allow, timed until every
 * delivery is sent or delivered in the ledger. Baseline: the same number of events through
 * {@link BaselineRecipe}, {@code --baseline-concurrency} invocations at a time. Every AWS request of the
 * window is counted by the runtime (edge port and its own engine calls); the harness's ledger checks
 * are taken out.
 */
final class CostScenario {
    /** What one side measured. */
    record Side(String name, int events, int deliveries, double seconds, Map<String, Long> calls, long invocations, double gbSeconds,
                CostModel.Bill bill, Map<String, Long> invocationsByFunction) {
        double eventsPerSecond() {
            return events / seconds;
        }
    }

    private CostScenario() {
    }

    static Side[] run(Pipeline p, Options o, Report report) throws InterruptedException {
        int events = o.integer("events", 1500);
        int concurrency = o.integer("baseline-concurrency", 10);
        BenchRuntime b = p.bench;
        DynamoDbClient recipeDynamo = DynamoDbClient.builder().endpointOverride(b.runtime.edgeEndpoint()).region(Region.of(b.runtime.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).httpClient(b.http).build();
        BaselineRecipe recipe = BaselineRecipe.provision(recipeDynamo, b.sqs);
        int warm = o.integer("warmup-events", 90);
        if (warm > 0) {
            Run w = p.newRun("cwarm", warm);
            Instant since = Instant.now().minusSeconds(1);
            p.publisher.publishAsFastAsPossible(w, 10, seq -> Publisher.orderShipped(w.notificationId(seq), p.user(seq), null));
            p.awaitLedger(w, since, 3 * warm, 120_000);
        }
        Side herald = herald(p, events, o.integer("drain-seconds", 300) * 1000L);
        Side baseline = baseline(b, recipe, events, concurrency);
        recipeDynamo.close();
        print(report, herald, baseline);
        int webhookEvents = o.integer("webhook-events", Math.max(1, events / 5));
        if (webhookEvents > 0) {
            ChannelCostScenario.print(report, ChannelCostScenario.WEBHOOK,
                    ChannelCostScenario.run(p, ChannelCostScenario.WEBHOOK, webhookEvents, o.integer("drain-seconds", 300) * 1000L));
        }
        int smsEvents = o.integer("sms-events", Math.max(1, events / 5));
        if (smsEvents > 0) {
            ChannelCostScenario.print(report, ChannelCostScenario.SMS,
                    ChannelCostScenario.run(p, ChannelCostScenario.SMS, smsEvents, o.integer("drain-seconds", 300) * 1000L));
        }
        return new Side[] {herald, baseline};
    }

    private static Side herald(Pipeline p, int events, long drainMillis) throws InterruptedException {
        BenchRuntime b = p.bench;
        Run run = p.newRun("cost", events);
        Instant since = Instant.now().minusSeconds(1);
        Map<String, Long> before = b.counts();
        Map<String, LambdaHost.InvocationStats> invBefore = b.runtime.invocations();
        long start = System.nanoTime();
        p.publisher.publishAsFastAsPossible(run, 10, seq -> Publisher.orderShipped(run.notificationId(seq), p.user(seq), null));
        Map<String, Integer> ledger = p.awaitLedger(run, since, 3 * events, drainMillis);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Long> calls = b.pipelineCallsSince(before);
        long[] inv = {0};
        Map<String, LambdaHost.InvocationStats> invAfter = b.runtime.invocations();
        double gb = gbSeconds(b, invBefore, invAfter, inv);
        Map<String, Long> byFunction = new TreeMap<>();
        invAfter.forEach((name, stats) -> byFunction.put(name,
                stats.invocations() - invBefore.getOrDefault(name, LambdaHost.InvocationStats.NONE).invocations()));
        invAfter.forEach((name, stats) -> {
            long timedOut = stats.timeouts() - invBefore.getOrDefault(name, LambdaHost.InvocationStats.NONE).timeouts();
            if (timedOut > 0) {
                byFunction.put(name + " (timed out)", timedOut);
            }
        });
        int done = LedgerCount.doneAll(ledger);
        if (done != 3 * events) {
            System.out.println("herald: only " + done + " of " + 3 * events + " deliveries reached the ledger: " + ledger);
        }
        return new Side("Herald", events, done, seconds, calls, inv[0], gb, CostModel.bill(calls, inv[0], gb, events), byFunction);
    }

    private static Side baseline(BenchRuntime b, BaselineRecipe recipe, int events, int concurrency) throws InterruptedException {
        Map<String, Long> before = b.counts();
        AtomicInteger next = new AtomicInteger();
        LongAdder handlerNanos = new LongAdder();
        AtomicInteger failures = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            for (int t = 0; t < concurrency; t++) {
                pool.execute(() -> {
                    int seq;
                    while ((seq = next.getAndIncrement()) < events) {
                        String id = "base-" + seq;
                        String user = Pipeline.USERS.get(seq % Pipeline.USERS.size());
                        long t0 = System.nanoTime();
                        try {
                            recipe.handle(id, user, Publisher.orderShipped(id, user, null).detail());
                        } catch (RuntimeException e) {
                            failures.incrementAndGet();
                        }
                        handlerNanos.add(System.nanoTime() - t0);
                    }
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Long> calls = new TreeMap<>(b.pipelineCallsSince(before));
        if (failures.get() > 0) {
            System.out.println("baseline: " + failures.get() + " invocations failed");
        }
        // the recipe's function: 1024 MB, like Herald's router and channel handlers
        double gb = handlerNanos.sum() / 1e9 * 1.0;
        int delivered = events - failures.get();
        return new Side("Baseline (seed recipe)", events, delivered, seconds, calls, events, gb, CostModel.bill(calls, events, gb, events),
                Map.of("baseline", (long) events));
    }

    /** Handler GB-seconds between two snapshots, memory from the Topology; {@code invocations[0]} gets the count. */
    static double gbSeconds(BenchRuntime b, Map<String, LambdaHost.InvocationStats> before, Map<String, LambdaHost.InvocationStats> after,
                                    long[] invocations) {
        Map<String, Integer> memory = new LinkedHashMap<>();
        for (FunctionSpec f : b.runtime.topology().functions()) {
            memory.put(f.name(), f.memoryMb());
        }
        double gb = 0;
        for (var e : after.entrySet()) {
            LambdaHost.InvocationStats was = before.getOrDefault(e.getKey(), LambdaHost.InvocationStats.NONE);
            invocations[0] += e.getValue().invocations() - was.invocations();
            gb += (e.getValue().durationNanos() - was.durationNanos()) / 1e9 * memory.getOrDefault(e.getKey(), 1024) / 1024.0;
        }
        return gb;
    }

    private static void print(Report r, Side h, Side base) {
        r.line("");
        r.line("### Counted calls and cost: Herald vs the baseline recipe, same run, same engines");
        r.line("");
        r.line("| | Herald | Baseline |");
        r.line("|---|---|---|");
        r.line("| events | %d | %d |", h.events(), base.events());
        r.line("| deliveries (ledger sent/delivered; baseline: messages published) | %d | %d |", h.deliveries(), base.deliveries());
        r.line("| wall time (s) | %.1f | %.1f |", h.seconds(), base.seconds());
        r.line("| events/s | %.0f | %.0f |", h.eventsPerSecond(), base.eventsPerSecond());
        r.line("| deliveries/s | %.0f | %.0f |", h.deliveries() / h.seconds(), base.deliveries() / base.seconds());
        perDelivery(r, "SQS requests", h, base, s -> s.bill().sqs());
        perDelivery(r, "DynamoDB write requests", h, base, s -> s.bill().dynamoWrites());
        perDelivery(r, "DynamoDB read requests", h, base, s -> s.bill().dynamoReads());
        perDelivery(r, "DynamoDB items written (batch writes count each item)", h, base, s -> s.bill().dynamoItemsWritten());
        perDelivery(r, "DynamoDB items read (batch reads count each key)", h, base, s -> s.bill().dynamoItemsRead());
        r.line("| DynamoDB write capacity units (as DynamoDB Local reported them, indexes included) per delivery | %.3f | %.3f |",
                h.bill().writeUnits() / h.deliveries(), base.bill().writeUnits() / base.deliveries());
        r.line("| DynamoDB read capacity units per delivery | %.3f | %.3f |", h.bill().readUnits() / h.deliveries(),
                base.bill().readUnits() / base.deliveries());
        perDelivery(r, "Lambda invocations", h, base, s -> s.bill().lambdaInvocations());
        perDelivery(r, "PutEvents entries", h, base, s -> s.bill().putEventsEntries());
        perDelivery(r, "API Gateway @connections posts", h, base, s -> s.bill().webSocketMessages());
        perDelivery(r, "SES SendEmail", h, base, s -> s.bill().emails());
        r.line("| Lambda GB-s per delivery (handler time here x memory) | %.5f | %.5f |", h.gbSeconds() / h.deliveries(),
                base.gbSeconds() / base.deliveries());
        r.line("");
        r.line("Cost per million deliveries (us-east-1 list prices, see below):");
        r.line("");
        r.line("| | Herald | Baseline |");
        r.line("|---|---|---|");
        cost(r, "SQS", h, base, CostModel.Bill::sqsCost);
        cost(r, "DynamoDB (the capacity units consumed)", h, base, CostModel.Bill::dynamoCost);
        cost(r, "Lambda requests", h, base, CostModel.Bill::lambdaRequestCost);
        cost(r, "Lambda duration (as measured here)", h, base, CostModel.Bill::lambdaDurationCost);
        cost(r, "EventBridge PutEvents", h, base, CostModel.Bill::eventBridgeCost);
        cost(r, "API Gateway WebSocket messages", h, base, CostModel.Bill::webSocketCost);
        cost(r, "**total excluding SES**", h, base, CostModel.Bill::totalExcludingSes);
        cost(r, "total excluding SES and Lambda duration", h, base, x -> x.totalExcludingSes() - x.lambdaDurationCost());
        cost(r, "SES (not in the target)", h, base, CostModel.Bill::sesCost);
        r.line("");
        r.line("Ratios Herald / baseline: events/s %.2f; calls per delivery (SQS + DynamoDB + Lambda + PutEvents + @connections) %.2f;"
                        + " cost per delivery excluding SES %.2f",
                h.eventsPerSecond() / base.eventsPerSecond(), callsPerDelivery(h) / callsPerDelivery(base),
                (h.bill().totalExcludingSes() / h.deliveries()) / (base.bill().totalExcludingSes() / base.deliveries()));
        r.line("");
        r.line("Herald calls in the window: %s", h.calls());
        r.line("Baseline calls in the window: %s", base.calls());
        r.line("");
        r.line("Herald invocations by function in the window: %s", h.invocationsByFunction());
    }

    private static double callsPerDelivery(Side s) {
        CostModel.Bill b = s.bill();
        return (double) (b.sqs() + b.dynamoWrites() + b.dynamoReads() + b.lambdaInvocations() + b.putEventsEntries() + b.webSocketMessages())
                / s.deliveries();
    }

    private static void perDelivery(Report r, String what, Side h, Side base, java.util.function.ToLongFunction<Side> f) {
        r.line("| %s per delivery | %.3f | %.3f |", what, (double) f.applyAsLong(h) / h.deliveries(), (double) f.applyAsLong(base) / base.deliveries());
    }

    private static void cost(Report r, String what, Side h, Side base, java.util.function.ToDoubleFunction<CostModel.Bill> f) {
        r.line("| %s | $%.3f | $%.3f |", what, f.applyAsDouble(h.bill()) / h.deliveries() * 1e6, f.applyAsDouble(base.bill()) / base.deliveries() * 1e6);
    }
}
