package dev.herald.common.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HeraldTopologyTest {
    private final Topology standard = HeraldTopology.standard();

    @Test
    void standard_everyWorkQueueHasADeadLetterQueue() {
        List<QueueSpec> work = standard.queues().stream().filter(q -> !q.name().endsWith(HeraldTopology.DLQ_SUFFIX)).toList();
        assertThat(work).isNotEmpty().allSatisfy(q -> assertThat(q.deadLetter()).isPresent());
    }

    @Test
    void standard_ingestionNeedsThePublishScope_everyAdminRouteTheAdminScope_theRestNone() {
        assertThat(standard.httpApi().routes()).allSatisfy(r -> assertThat(r.scopes()).as(r.method() + " " + r.path())
                .isEqualTo(r.path().equals("/v1/events") ? List.of(HeraldTopology.SCOPE_PUBLISH)
                        : r.path().startsWith("/v1/admin/") ? List.of(HeraldTopology.SCOPE_ADMIN) : List.of()));
    }

    @Test
    void httpRoute_scopesWithoutJwt_areRefusedWithTheReason() {
        assertThatThrownBy(() -> new HttpApiSpec.HttpRoute("POST", "/x", HttpApiSpec.Integration.LAMBDA, Optional.of("f"), false,
                List.of("a:b"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no JWT authorizer");
    }

    @Test
    void standard_everyQueueConsumerReportsPartialBatchFailures() {
        assertThat(standard.queueConsumers()).extracting(FunctionSpec::name).contains(
                HeraldTopology.FN_ROUTER, HeraldTopology.FN_WS_DELIVERY, HeraldTopology.FN_PUSH_DELIVERY,
                HeraldTopology.FN_EMAIL_DELIVERY, HeraldTopology.FN_SES_FEEDBACK);
        assertThat(standard.queueConsumers()).allSatisfy(f -> assertThat(f.trigger().orElseThrow().reportBatchItemFailures()).isTrue());
    }

    @Test
    void standard_pushAndEmailTriggersWaitForFullerBatches_websocketDoesNot() {
        Map<String, Duration> windows = new java.util.HashMap<>();
        standard.queueConsumers().forEach(f -> windows.put(f.name(), f.trigger().orElseThrow().maxBatchingWindow()));
        assertThat(windows).containsEntry(HeraldTopology.FN_PUSH_DELIVERY, Duration.ofSeconds(1))
                .containsEntry(HeraldTopology.FN_EMAIL_DELIVERY, Duration.ofSeconds(1))
                .containsEntry(HeraldTopology.FN_WS_DELIVERY, Duration.ZERO);
    }

    @Test
    void topology_ruleToUnknownQueue_isRefusedWithTheName() {
        List<RuleSpec> rules = new ArrayList<>(standard.rules());
        rules.add(new RuleSpec("stray", HeraldTopology.BUS, "{\"source\":[\"x\"]}", "no-such-queue", "test"));
        assertThatThrownBy(() -> new Topology(standard.busName(), rules, standard.queues(), standard.functions(), standard.tables(),
                standard.webSocketApi(), standard.httpApi()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rule stray targets unknown queue no-such-queue");
    }

    @Test
    void topology_visibilityBelowSixTimesFunctionTimeout_isRefused() {
        List<QueueSpec> queues = new ArrayList<>(standard.queues());
        queues.replaceAll(q -> q.name().equals(HeraldTopology.QUEUE_INGRESS)
                ? new QueueSpec(q.name(), Duration.ofSeconds(30), q.retention(), q.deadLetter()) : q);
        assertThatThrownBy(() -> new Topology(standard.busName(), standard.rules(), queues, standard.functions(), standard.tables(),
                standard.webSocketApi(), standard.httpApi()))
                .hasMessageContaining("below 6x the timeout of herald-router");
    }

    @Test
    void topology_envReferenceToUnknownTable_isRefused() {
        List<FunctionSpec> functions = new ArrayList<>(standard.functions());
        functions.add(new FunctionSpec("extra", "x.Y", "herald-router", 128, Duration.ofSeconds(3),
                Map.of("T", new EnvValue.TableName("missing")), Optional.empty()));
        assertThatThrownBy(() -> new Topology(standard.busName(), standard.rules(), standard.queues(), functions, standard.tables(),
                standard.webSocketApi(), standard.httpApi()))
                .hasMessageContaining("env T names unknown table missing");
    }

    @Test
    void topology_batchingWindowThatLambdaDoesNotTake_isRefused() {
        for (Duration window : List.of(Duration.ofMillis(500), Duration.ofSeconds(301), Duration.ofSeconds(-1))) {
            assertThatThrownBy(() -> withPushTrigger(new SqsTrigger(HeraldTopology.QUEUE_PUSH, 10, window, true, 4)))
                    .as(window.toString()).hasMessageContaining("batching window " + window + " is not a whole number of seconds in 0..300");
        }
        assertThatThrownBy(() -> withPushTrigger(new SqsTrigger(HeraldTopology.QUEUE_PUSH, 100, Duration.ZERO, true, 4)))
                .hasMessageContaining("batch size 100 needs a batching window of at least 1 s");
        assertThat(withPushTrigger(new SqsTrigger(HeraldTopology.QUEUE_PUSH, 100, Duration.ofSeconds(300), true, 4)).functions()).isNotEmpty();
    }

    private Topology withPushTrigger(SqsTrigger trigger) {
        List<FunctionSpec> functions = new ArrayList<>(standard.functions());
        functions.replaceAll(f -> f.name().equals(HeraldTopology.FN_PUSH_DELIVERY)
                ? new FunctionSpec(f.name(), f.handlerClass(), f.artifact(), f.memoryMb(), f.timeout(), f.environment(), Optional.of(trigger)) : f);
        return new Topology(standard.busName(), standard.rules(), standard.queues(), functions, standard.tables(),
                standard.webSocketApi(), standard.httpApi());
    }
}
