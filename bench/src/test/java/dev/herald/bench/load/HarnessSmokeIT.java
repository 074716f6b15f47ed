package dev.herald.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.topology.HeraldTopology;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load harness's smoke run, as {@code ./mvnw verify} keeps it working: the whole runtime with the
 * real function jars, a few events through Herald and through the baseline recipe, and a short APNs
 * run. It checks what was counted, never how fast anything was.
 */
class HarnessSmokeIT {
    @TempDir
    Path results;

    @Test
    void costScenario_deliversEveryEventOnThreeChannels_andCountsTheCallsOfBothSides() throws Exception {
        Report report = new Report(results.resolve("smoke.md"));
        Path repoRoot = Path.of("").toAbsolutePath().getParent();
        CostScenario.Side[] sides;
        try (Pipeline p = Pipeline.start(repoRoot)) {
            sides = CostScenario.run(p, new Options(List.of("--events", "30", "--warmup-events", "9", "--drain-seconds", "240")), report);
        }
        CostScenario.Side herald = sides[0];
        CostScenario.Side baseline = sides[1];

        assertThat(herald.deliveries()).isEqualTo(90);
        assertThat(herald.bill().putEventsEntries()).isEqualTo(30);
        assertThat(herald.calls()).containsKey("events:PutEvents");
        // a delivery retried after a timeout on a loaded machine posts again: at least one post and one email per event
        assertThat(herald.bill().webSocketMessages()).isGreaterThanOrEqualTo(30);
        assertThat(herald.bill().emails()).isGreaterThanOrEqualTo(30);
        // every event is one SendMessage by the bus (EventBridge's SQS target), and nothing else sends single messages
        assertThat(herald.calls().get("sqs:SendMessage")).isEqualTo(30);
        assertThat(herald.calls()).containsKeys("sqs:ReceiveMessage", "sqs:DeleteMessageBatch", "sqs:SendMessageBatch");
        assertThat(herald.invocations()).isPositive();
        // the handlers' per-batch claims and results are write statements, one item each: at least a claim and a result per delivery
        assertThat(herald.calls().get("dynamodb-items:BatchExecuteStatement")).isGreaterThanOrEqualTo(2L * 90);
        assertThat(herald.bill().dynamoItemsWritten()).isGreaterThanOrEqualTo(herald.calls().get("dynamodb-items:BatchExecuteStatement"));
        // the capacity units come from the engine's answers (CapacityMeter): at least one write unit per item written
        assertThat(herald.bill().writeUnits()).isGreaterThanOrEqualTo(herald.bill().dynamoItemsWritten());
        assertThat(herald.bill().readUnits()).isPositive();
        // enrichment is invoked once per router invocation that renders (a batch holds at most 10 one-user events, under the
        // 100 users of one Invoke), never once per event: every Invoke counted at the edge is one enrichment run
        long routerRuns = herald.invocationsByFunction().getOrDefault(HeraldTopology.FN_ROUTER, 0L);
        long enrichmentRuns = herald.invocationsByFunction().getOrDefault(HeraldTopology.FN_ENRICHMENT, 0L);
        assertThat(herald.calls().get("lambda:Invoke")).isEqualTo(enrichmentRuns);
        assertThat(enrichmentRuns).isPositive().isLessThanOrEqualTo(routerRuns);

        assertThat(baseline.deliveries()).isEqualTo(30);
        assertThat(baseline.invocations()).isEqualTo(30);
        assertThat(baseline.calls().get("sqs:SendMessage")).isEqualTo(30);
        // Herald's late retries, if any, also write ledger rows in this window
        assertThat(baseline.calls().get("dynamodb:PutItem")).isGreaterThanOrEqualTo(30);
        assertThat(baseline.bill().writeUnits()).isGreaterThanOrEqualTo(30);
        assertThat(report.file()).content().contains("Herald / baseline");
    }

    @Test
    void apnsScenario_sendsThroughThePushHandlersSender_andEveryNotificationIsAccepted() throws Exception {
        Report report = new Report(results.resolve("apns.md"));
        ApnsSenderLoad.Result r = HeraldBench.apnsWith(report, 2_000, 200, 10, 1, 100);
        assertThat(r.accepted()).isEqualTo(2_000);
        assertThat(r.otherwise()).isZero();
    }
}
