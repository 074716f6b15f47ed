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
 * The rows of {@code cost} for the channels beyond the three of the main scenario: events that each make one delivery on
 * the channel (a bundled route) to the demo users; counted AWS calls per delivery and cost per million. Webhook: an
 * {@code order.delivered} to one endpoint per user on the dashboard's {@code /webhook-sink} (the POST is plain HTTPS to the
 * customer's endpoint: no AWS charge beyond Lambda's time and data transfer out, not modelled). SMS: an
 * {@code account.alert} to one registered number per user, sent to herald up's End User Messaging SMS emulator (the
 * per-message SMS price depends on the destination country and is not modelled, as SES's is not).
 */
final class ChannelCostScenario {
    /** One channel's row: its ledger channel, what it needs per user before the run, the event per delivery, the provider's line. */
    record Row(String channel, String title, java.util.function.Consumer<BenchRuntime> setUp, java.util.function.Consumer<BenchRuntime> cleanUp,
               java.util.function.BiFunction<String, String, PutEventsRequestEntry> event, String providerLine) {
    }

    static final Row WEBHOOK = new Row("webhook", "Webhook channel: counted calls and cost per delivery (order.delivered, 1 endpoint per user)",
            ChannelCostScenario::registerEndpoints, ChannelCostScenario::removeEndpoints, ChannelCostScenario::orderDelivered,
            "| HTTPS POSTs to the endpoint | 1 per endpoint | (no AWS request charge; data transfer out not modelled) |");
    static final Row SMS = new Row("sms", "SMS channel: counted calls and cost per delivery (account.alert, 1 number per user)",
            ChannelCostScenario::registerPhones, b -> { }, ChannelCostScenario::accountAlert,
            "| SendTextMessage | 1 per text (in the calls above) | (the per-message SMS price depends on the country; not modelled) |");

    private ChannelCostScenario() {
    }

    static CostScenario.Side run(Pipeline p, Row row, int events, long drainMillis) throws InterruptedException {
        BenchRuntime b = p.bench;
        row.setUp().accept(b);
        Run run = p.newRun(row.channel(), events);
        Instant since = Instant.now().minusSeconds(1);
        Map<String, Long> before = b.counts();
        Map<String, LambdaHost.InvocationStats> invBefore = b.runtime.invocations();
        long start = System.nanoTime();
        p.publisher.publishAsFastAsPossible(run, 10, seq -> row.event().apply(run.notificationId(seq), p.user(seq)));
        long deadline = System.currentTimeMillis() + drainMillis;
        Map<String, Integer> ledger = LedgerCount.byChannelAndStatus(b.dynamo, Pipeline.USERS, run.prefix, since);
        while (LedgerCount.done(ledger, row.channel()) < events && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            ledger = LedgerCount.byChannelAndStatus(b.dynamo, Pipeline.USERS, run.prefix, since);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Long> calls = b.pipelineCallsSince(before);
        long[] inv = {0};
        double gb = CostScenario.gbSeconds(b, invBefore, b.runtime.invocations(), inv);
        int done = LedgerCount.done(ledger, row.channel());
        if (done != events) {
            System.out.println(row.channel() + ": only " + done + " of " + events + " deliveries reached the ledger: " + ledger);
        }
        row.cleanUp().accept(b);
        return new CostScenario.Side(row.channel(), events, done, seconds, calls, inv[0], gb, CostModel.bill(calls, inv[0], gb, events), Map.of());
    }

    static void print(Report r, Row row, CostScenario.Side w) {
        double n = Math.max(1, w.deliveries());
        CostModel.Bill bill = w.bill();
        r.line("");
        r.line("### " + row.title());
        r.line("");
        r.line("| | per delivery | per million deliveries |");
        r.line("|---|---|---|");
        r.line("| deliveries (ledger sent) | %d of %d events | |", w.deliveries(), w.events());
        r.line("| SQS requests | %.3f | $%.3f |", bill.sqs() / n, bill.sqsCost() / n * 1e6);
        r.line("| DynamoDB items written / read (capacity units: %.3f WRU / %.3f RRU) | %.3f / %.3f | $%.3f |", bill.writeUnits() / n,
                bill.readUnits() / n, bill.dynamoItemsWritten() / n, bill.dynamoItemsRead() / n, bill.dynamoCost() / n * 1e6);
        r.line("| Lambda invocations | %.3f | $%.3f |", bill.lambdaInvocations() / n, bill.lambdaRequestCost() / n * 1e6);
        r.line("| Lambda GB-s (handler time here x memory) | %.5f | $%.3f |", w.gbSeconds() / n, bill.lambdaDurationCost() / n * 1e6);
        r.line("| PutEvents entries | %.3f | $%.3f |", bill.putEventsEntries() / n, bill.eventBridgeCost() / n * 1e6);
        r.line(row.providerLine());
        r.line("| **total** | | $%.3f |", bill.totalExcludingSes() / n * 1e6);
        r.line("");
        r.line("%s calls in the window: %s", row.channel(), w.calls());
    }

    private static void registerEndpoints(BenchRuntime b) {
        String sink = b.runtime.edgeEndpoint() + WebhookSink.PATH;
        for (String user : Pipeline.USERS) {
            b.dynamo.putItem(r -> r.tableName(HeraldTopology.TABLE_WEBHOOKS).item(Map.of(
                    "endpointId", AttributeValue.fromS("bench-" + user), "url", AttributeValue.fromS(sink),
                    "scope", AttributeValue.fromS("user:" + user), "secret", AttributeValue.fromS(DemoWebhook.SECRET),
                    "enabled", AttributeValue.fromBool(true), "createdAt", AttributeValue.fromS(Instant.now().toString()))));
        }
    }

    private static void removeEndpoints(BenchRuntime b) {
        for (String user : Pipeline.USERS) {
            b.dynamo.deleteItem(r -> r.tableName(HeraldTopology.TABLE_WEBHOOKS).key(Map.of("endpointId", AttributeValue.fromS("bench-" + user))));
        }
    }

    /** A UK mobile number per demo user (user-1 keeps the demo's), as the phone API stores them (E.164). */
    private static void registerPhones(BenchRuntime b) {
        for (int i = 0; i < Pipeline.USERS.size(); i++) {
            String number = "+4474001234" + (56 + i);
            String user = Pipeline.USERS.get(i);
            b.dynamo.putItem(r -> r.tableName(HeraldTopology.TABLE_PHONE_NUMBERS).item(Map.of("userId", AttributeValue.fromS(user),
                    "phoneNumber", AttributeValue.fromS(number), "regionCode", AttributeValue.fromS("GB"),
                    "registeredAt", AttributeValue.fromS(Instant.now().toString()))));
        }
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

    /** An {@code account.alert} for one user: 1 SMS delivery with the bundled routes (rendered by enrichment). */
    static PutEventsRequestEntry accountAlert(String notificationId, String user) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("notificationId", notificationId);
        detail.put("recipients", List.of(user));
        detail.put("category", "security");
        detail.put("data", Map.of("message", "A new sign-in to your account (" + notificationId.substring(Math.max(0, notificationId.length() - 6)) + ")"));
        return PutEventsRequestEntry.builder().eventBusName(HeraldTopology.BUS).source("shop.accounts").detailType("account.alert")
                .detail(Json.write(detail)).build();
    }
}
