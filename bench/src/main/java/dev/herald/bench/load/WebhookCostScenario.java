package dev.herald.bench.load;

import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.dashboard.WebhookSink;
import dev.herald.local.demo.DemoWebhook;
import dev.herald.common.json.Json;
import dev.herald.local.lambda.LambdaHost;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * The webhook channel's row of {@code cost}: {@code order.delivered} events (1 webhook delivery each, the bundled route)
 * to the demo users, each with one endpoint on the dashboard's {@code /webhook-sink}; counted AWS calls per delivery and
 * cost per million. The POST itself is plain HTTPS to the customer's endpoint (no AWS charge beyond Lambda's time and
 * data transfer out, which is not modelled).
 */
final class WebhookCostScenario {
    private WebhookCostScenario() {
    }

    static CostScenario.Side run(Pipeline p, int events, long drainMillis) throws InterruptedException {
        BenchRuntime b = p.bench;
        String sink = b.runtime.edgeEndpoint() + WebhookSink.PATH;
        for (String user : Pipeline.USERS) {
            b.dynamo.putItem(r -> r.tableName(HeraldTopology.TABLE_WEBHOOKS).item(Map.of(
                    "endpointId", AttributeValue.fromS("bench-" + user), "url", AttributeValue.fromS(sink),
                    "scope", AttributeValue.fromS("user:" + user), "secret", AttributeValue.fromS(DemoWebhook.SECRET),
                    "enabled", AttributeValue.fromBool(true), "createdAt", AttributeValue.fromS(Instant.now().toString()))));
        }
        Run run = p.newRun("webhook", events);
        Instant since = Instant.now().minusSeconds(1);
        Map<String, Long> before = b.counts();
        Map<String, LambdaHost.InvocationStats> invBefore = b.runtime.invocations();
        long start = System.nanoTime();
        p.publisher.publishAsFastAsPossible(run, 10, seq -> orderDelivered(run.notificationId(seq), p.user(seq)));
        long deadline = System.currentTimeMillis() + drainMillis;
        Map<String, Integer> ledger = LedgerCount.byChannelAndStatus(b.dynamo, Pipeline.USERS, run.prefix, since);
        while (LedgerCount.done(ledger, "webhook") < events && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            ledger = LedgerCount.byChannelAndStatus(b.dynamo, Pipeline.USERS, run.prefix, since);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Long> calls = b.pipelineCallsSince(before);
        long[] inv = {0};
        double gb = CostScenario.gbSeconds(b, invBefore, b.runtime.invocations(), inv);
        int done = LedgerCount.done(ledger, "webhook");
        if (done != events) {
            System.out.println("webhook: only " + done + " of " + events + " deliveries reached the ledger: " + ledger);
        }
        for (String user : Pipeline.USERS) {
            b.dynamo.deleteItem(r -> r.tableName(HeraldTopology.TABLE_WEBHOOKS).key(Map.of("endpointId", AttributeValue.fromS("bench-" + user))));
        }
        return new CostScenario.Side("Webhook", events, done, seconds, calls, inv[0], gb, CostModel.bill(calls, inv[0], gb, events), Map.of());
    }

    static void print(Report r, CostScenario.Side w) {
        double n = Math.max(1, w.deliveries());
        CostModel.Bill bill = w.bill();
        r.line("");
        r.line("### Webhook channel: counted calls and cost per delivery (order.delivered, 1 endpoint per user)");
        r.line("");
        r.line("| | per delivery | per million deliveries |");
        r.line("|---|---|---|");
        r.line("| deliveries (ledger sent) | %d of %d events | |", w.deliveries(), w.events());
        r.line("| SQS requests | %.3f | $%.3f |", bill.sqs() / n, bill.sqsCost() / n * 1e6);
        r.line("| DynamoDB items written / read | %.3f / %.3f | $%.3f |", bill.dynamoItemsWritten() / n, bill.dynamoItemsRead() / n, bill.dynamoCost() / n * 1e6);
        r.line("| Lambda invocations | %.3f | $%.3f |", bill.lambdaInvocations() / n, bill.lambdaRequestCost() / n * 1e6);
        r.line("| Lambda GB-s (handler time here x memory) | %.5f | $%.3f |", w.gbSeconds() / n, bill.lambdaDurationCost() / n * 1e6);
        r.line("| PutEvents entries | %.3f | $%.3f |", bill.putEventsEntries() / n, bill.eventBridgeCost() / n * 1e6);
        r.line("| HTTPS POSTs to the endpoint | 1 per endpoint | (no AWS request charge; data transfer out not modelled) |");
        r.line("| **total** | | $%.3f |", bill.totalExcludingSes() / n * 1e6);
        r.line("");
        r.line("Webhook calls in the window: %s", w.calls());
    }

    /** An {@code order.delivered} for one user: 1 webhook delivery with the bundled routes. */
    static PutEventsRequestEntry orderDelivered(String notificationId, String user) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("notificationId", notificationId);
        detail.put("recipients", List.of(user));
        detail.put("category", "orders");
        detail.put("data", Map.of("orderId", notificationId.substring(Math.max(0, notificationId.length() - 12))));
        return PutEventsRequestEntry.builder().eventBusName(HeraldTopology.BUS).source("shop.orders").detailType("order.delivered")
                .detail(Json.write(detail)).build();
    }
}
