package dev.herald.common.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.herald.common.event.Channel;
import dev.herald.common.event.Priority;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.ledger.LedgerEntry;
import dev.herald.common.testing.DynamoCalls;
import dev.herald.common.topology.HeraldTopology;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What the ledger costs per delivery, counted at DynamoDB Local: a batch of 10 channel messages from the router's
 * {@code queued} rows to {@code sent}. Counts only (calls and the write units the engine reports), never timings.
 */
class DeliveryCallsIT {
    private final DynamoCalls dynamo = new DynamoCalls();
    private final DeliveryLedger ledger = new DynamoDbDeliveryLedger(dynamo.client(), HeraldTopology.TABLE_DELIVERIES);

    @Test
    void batchOfTen_queuedToSent_costsTheseCallsAndWriteUnits() {
        List<ChannelMessage> messages = new ArrayList<>();
        String n = "n-" + UUID.randomUUID();
        for (int i = 0; i < 10; i++) {
            messages.add(new ChannelMessage(n + "#push#u" + i, n, "order.shipped", "shop", Channel.PUSH, "u" + i + "-" + n, "orders",
                    Priority.NORMAL, new RenderedContent("Shipped", "Your order shipped", null, null, null), null, null, "t", Instant.now(), null));
        }
        // the router's part: one queued row per delivery
        assertThat(ledger.recordAll(messages.stream().map(m -> LedgerEntry.queued(m, Instant.now())).toList()).complete()).isTrue();
        Map<String, Integer> routerCalls = dynamo.calls();
        double routerUnits = dynamo.writeUnits();
        dynamo.reset();

        var processor = new DeliveryProcessor(ledger, m -> DeliveryOutcome.delivered(), Clock.systemUTC(), new NoDeferrals(),
                DeliveryProcessor.DEFAULT_PARALLELISM);
        assertThat(processor.handle(batch(messages)).getBatchItemFailures()).isEmpty();
        Map<String, Integer> handlerCalls = dynamo.calls();
        double handlerUnits = dynamo.writeUnits();
        int handlerStatements = dynamo.statements();

        for (ChannelMessage m : messages) {
            assertThat(ledger.find(m.deliveryId()).orElseThrow().status()).isEqualTo(DeliveryStatus.SENT);
        }
        System.out.printf("ledger per batch of 10: router %s %.1f WRU; handler %s, %d statements%n", routerCalls, routerUnits, handlerCalls,
                handlerStatements);
        assertThat(routerCalls).isEqualTo(Map.of("BatchWriteItem", 1));
        // a row, its byUser entry (the inbox) and its byNotification entry (the operator's query by notification), keys only
        assertThat(routerUnits).as("queued rows: a row and its two keys-only index entries each").isEqualTo(30.0);
        assertThat(handlerCalls).as("one claim request and one result request for the batch").isEqualTo(Map.of("BatchExecuteStatement", 2));
        // a claim and a result per delivery, each one conditional update of one row; DynamoDB Local reports no capacity
        // for PartiQL, so the units are the statements' (one each: rows under 1 KB, the keys-only index untouched)
        assertThat(handlerStatements).as("claim and result statements").isEqualTo(20);
        assertThat(handlerUnits).as("capacity DynamoDB Local reported beyond the statements").isZero();
        updateItemOfAStatus_costsOneUnit();
    }

    /** What one claim or result statement costs, measured as the UpdateItem it stands for: the table's unit, no index unit. */
    private void updateItemOfAStatus_costsOneUnit() {
        String id = "n-" + UUID.randomUUID() + "#push#u";
        ledger.recordIfAbsent(LedgerEntry.queued(new ChannelMessage(id, "n", "order.shipped", "shop", Channel.PUSH, "u-" + id, "orders",
                Priority.NORMAL, new RenderedContent("Shipped", "Your order shipped", null, null, null), null, null, "t", Instant.now(), null),
                Instant.now()));
        dynamo.reset();
        assertThat(ledger.transition(id, java.util.Set.of(DeliveryStatus.QUEUED), DeliveryStatus.SENDING, null)).isTrue();
        assertThat(dynamo.writeUnits()).isEqualTo(1.0);
    }

    private static SQSEvent batch(List<ChannelMessage> messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (ChannelMessage m : messages) {
            SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
            r.setMessageId(UUID.randomUUID().toString());
            r.setBody(ChannelMessages.toJson(m));
            r.setAttributes(Map.of("ApproximateReceiveCount", "1"));
            records.add(r);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    private static final class NoDeferrals implements DeliveryProcessor.Deferrer {
        @Override
        public void defer(ChannelMessage message, Duration delay) {
            throw new AssertionError("nothing here is deferred");
        }
    }
}
