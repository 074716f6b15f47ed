package dev.herald.common.ledger;

import dev.herald.common.event.Channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.testing.LocalEngines;
import dev.herald.common.topology.HeraldTopology;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DynamoDbDeliveryLedgerIT {
    private final DeliveryLedger ledger = new DynamoDbDeliveryLedger(LocalEngines.get().dynamo(), HeraldTopology.TABLE_DELIVERIES);

    private static DeliveryLedger at(Instant now) {
        return new DynamoDbDeliveryLedger(LocalEngines.get().dynamo(), HeraldTopology.TABLE_DELIVERIES, java.time.Clock.fixed(now,
                java.time.ZoneOffset.UTC));
    }

    private LedgerEntry queued(String id, String user, Instant at) {
        return new LedgerEntry(id, "n-" + id, user, Channel.PUSH, "order.shipped", "orders", DeliveryStatus.QUEUED, null, 0,
                "Shipped", "Your order shipped", at, at);
    }

    @Test
    void recordIfAbsent_secondCopy_isRefused() {
        String id = UUID.randomUUID().toString();
        assertThat(ledger.recordIfAbsent(queued(id, "u1", Instant.now()))).isTrue();
        assertThat(ledger.recordIfAbsent(queued(id, "u1", Instant.now()))).isFalse();
        assertThat(ledger.find(id)).get().extracting(LedgerEntry::status).isEqualTo(DeliveryStatus.QUEUED);
    }

    @Test
    void transition_onlyFromAllowedStatus_andCountsAttempts() {
        String id = UUID.randomUUID().toString();
        ledger.recordIfAbsent(queued(id, "u1", Instant.now()));
        assertThat(ledger.transition(id, EnumSet.of(DeliveryStatus.QUEUED, DeliveryStatus.FAILED), DeliveryStatus.SENDING, null)).isTrue();
        assertThat(ledger.transition(id, EnumSet.of(DeliveryStatus.QUEUED, DeliveryStatus.FAILED), DeliveryStatus.SENDING, null)).isFalse();
        assertThat(ledger.transition(id, Set.of(DeliveryStatus.SENDING), DeliveryStatus.REJECTED, "BadDeviceToken")).isTrue();
        LedgerEntry row = ledger.find(id).orElseThrow();
        assertThat(row.status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(row.reason()).isEqualTo("BadDeviceToken");
        assertThat(row.attempts()).isEqualTo(1);
        assertThat(ledger.transition("missing-" + id, Set.of(DeliveryStatus.QUEUED), DeliveryStatus.SENDING, null)).isFalse();
    }

    @Test
    void claimForSending_claimsAQueuedRow_andCountsTheAttempt() {
        String id = UUID.randomUUID().toString();
        ledger.recordIfAbsent(queued(id, "u1", Instant.now()));
        assertThat(ledger.claimForSending(id, EnumSet.of(DeliveryStatus.QUEUED, DeliveryStatus.FAILED), null))
                .isEqualTo(DeliveryLedger.Claim.CLAIMED);
        LedgerEntry row = ledger.find(id).orElseThrow();
        assertThat(row.status()).isEqualTo(DeliveryStatus.SENDING);
        assertThat(row.attempts()).isEqualTo(1);
    }

    @Test
    void claimForSending_whenRefused_saysTheStatusTheRowHad() {
        String id = UUID.randomUUID().toString();
        ledger.recordIfAbsent(queued(id, "u1", Instant.now()));
        ledger.transition(id, EnumSet.of(DeliveryStatus.QUEUED), DeliveryStatus.SENDING, null);
        ledger.transition(id, Set.of(DeliveryStatus.SENDING), DeliveryStatus.SENT, null);
        assertThat(ledger.claimForSending(id, EnumSet.of(DeliveryStatus.QUEUED, DeliveryStatus.FAILED), null))
                .isEqualTo(new DeliveryLedger.Claim(false, DeliveryStatus.SENT));
        assertThat(ledger.find(id).orElseThrow().attempts()).isEqualTo(1);
    }

    @Test
    void claimForSending_withoutARow_findsNone() {
        assertThat(ledger.claimForSending("missing-" + UUID.randomUUID(), EnumSet.of(DeliveryStatus.QUEUED), null))
                .isEqualTo(new DeliveryLedger.Claim(false, null));
    }

    @Test
    void recentForUser_newestFirst() {
        String user = "user-" + UUID.randomUUID();
        Instant t = Instant.parse("2026-11-01T10:00:00Z");
        ledger.recordIfAbsent(queued(UUID.randomUUID().toString(), user, t));
        ledger.recordIfAbsent(queued(UUID.randomUUID().toString(), user, t.plusSeconds(5)));
        ledger.recordIfAbsent(queued(UUID.randomUUID().toString(), user, t.plusSeconds(10)));
        var rows = ledger.recentForUser(user, 2);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).createdAt()).isEqualTo(t.plusSeconds(10));
    }

    @Test
    void claimNotification_newThenBusyWhileLeasedThenIncompleteOnceTheLeaseRunsOutThenDone() {
        String n = UUID.randomUUID().toString();
        Instant t0 = Instant.parse("2026-11-01T10:00:00Z");
        DeliveryLedger first = at(t0);
        assertThat(first.claimNotification(n, "order.shipped")).isEqualTo(DeliveryLedger.NotificationClaim.NEW);
        // another copy, while the first is routing it
        assertThat(at(t0.plusSeconds(5)).claimNotification(n, "order.shipped")).isEqualTo(DeliveryLedger.NotificationClaim.BUSY);
        // the first attempt died without a word: after the lease, a redelivered copy takes the claim over, and holds it
        DeliveryLedger later = at(t0.plus(DeliveryLedger.CLAIM_LEASE).plusSeconds(1));
        assertThat(later.claimNotification(n, "order.shipped")).isEqualTo(DeliveryLedger.NotificationClaim.INCOMPLETE);
        assertThat(later.claimNotification(n, "order.shipped")).isEqualTo(DeliveryLedger.NotificationClaim.BUSY);
        ledger.completeNotification(n);
        assertThat(ledger.claimNotification(n, "order.shipped")).isEqualTo(DeliveryLedger.NotificationClaim.DONE);
        assertThat(ledger.find(DeliveryLedger.notificationKey(n))).isEmpty();
    }

    @Test
    void failNotification_recordsReasonAndReceiveCount_untilRoutingCompletes() {
        String n = UUID.randomUUID().toString();
        ledger.claimNotification(n, "order.shipped");
        ledger.failNotification(n, "order.shipped", "enrichment function failed", 1);
        ledger.failNotification(n, "order.shipped", "enrichment function timed out", 3);
        LedgerEntry failed = ledger.find(DeliveryLedger.notificationKey(n)).orElseThrow();
        assertThat(failed.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(failed.reason()).isEqualTo("enrichment function timed out");
        assertThat(failed.attempts()).isEqualTo(3);
        assertThat(failed.notificationId()).isEqualTo(n);
        assertThat(ledger.claimNotification(n, "order.shipped")).isEqualTo(DeliveryLedger.NotificationClaim.INCOMPLETE);

        ledger.completeNotification(n);
        assertThat(ledger.find(DeliveryLedger.notificationKey(n))).isEmpty();
        ledger.failNotification(n, "order.shipped", "a late copy failed", 1);
        assertThat(ledger.find(DeliveryLedger.notificationKey(n))).isEmpty();
        assertThat(ledger.claimNotification(n, "order.shipped")).isEqualTo(DeliveryLedger.NotificationClaim.DONE);
    }

    @Test
    void failNotification_beforeAnyClaim_leavesTheReasonAndAnUnfinishedClaim() {
        String n = UUID.randomUUID().toString();
        ledger.failNotification(n, "order.shipped", "DynamoDB throttled", 2);
        assertThat(ledger.find(DeliveryLedger.notificationKey(n))).get().extracting(LedgerEntry::reason).isEqualTo("DynamoDB throttled");
        assertThat(ledger.claimNotification(n, "order.shipped")).isEqualTo(DeliveryLedger.NotificationClaim.INCOMPLETE);
    }

    @Test
    void recordAll_moreRowsThanOneCall_writesEveryRow_in25RowCalls() {
        List<Integer> calls = new CopyOnWriteArrayList<>();
        DeliveryLedger counted = new DynamoDbDeliveryLedger(dynamo(new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof BatchWriteItemRequest r) {
                    calls.add(r.requestItems().values().stream().mapToInt(List::size).sum());
                }
            }
        }), HeraldTopology.TABLE_DELIVERIES);
        String n = UUID.randomUUID().toString();
        List<LedgerEntry> rows = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            rows.add(queued(n + "#push#u" + i, "u" + i, Instant.now()));
        }

        assertThat(counted.recordAll(rows).complete()).isTrue();

        assertThat(calls).containsExactly(25, 25, 10);
        for (LedgerEntry row : rows) {
            assertThat(ledger.find(row.deliveryId())).get().extracting(LedgerEntry::status).isEqualTo(DeliveryStatus.QUEUED);
        }
    }

    @Test
    void recordAll_unprocessedItems_areSentAgain_andThoseNeverWrittenAreReturnedWithTheReason() {
        // DynamoDB Local never throttles; this interceptor hands back part of each real answer's rows as UnprocessedItems,
        // as DynamoDB does under throttling (rows it left are then really absent: they are deleted before the answer returns).
        String n = UUID.randomUUID().toString();
        String stubborn = n + "#push#stubborn";
        List<Integer> calls = new CopyOnWriteArrayList<>();
        DeliveryLedger throttled = new DynamoDbDeliveryLedger(dynamo(new ExecutionInterceptor() {
            @Override
            public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
                if (!(context.request() instanceof BatchWriteItemRequest r)) {
                    return context.response();
                }
                List<WriteRequest> sent = r.requestItems().get(HeraldTopology.TABLE_DELIVERIES);
                calls.add(sent.size());
                // the first call leaves its last 3 rows; every call leaves the stubborn row
                List<WriteRequest> left = new ArrayList<>(calls.size() == 1 ? sent.subList(sent.size() - 3, sent.size()) : List.of());
                sent.stream().filter(w -> w.putRequest().item().get("deliveryId").s().equals(stubborn) && !left.contains(w)).forEach(left::add);
                left.forEach(w -> LocalEngines.get().dynamo().deleteItem(d -> d.tableName(HeraldTopology.TABLE_DELIVERIES)
                        .key(Map.of("deliveryId", w.putRequest().item().get("deliveryId")))));
                return ((BatchWriteItemResponse) context.response()).toBuilder()
                        .unprocessedItems(left.isEmpty() ? Map.of() : Map.of(HeraldTopology.TABLE_DELIVERIES, left)).build();
            }
        }), HeraldTopology.TABLE_DELIVERIES);
        List<LedgerEntry> rows = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            rows.add(queued(n + "#push#u" + i, "u" + i, Instant.now()));
        }
        rows.add(queued(stubborn, "stubborn", Instant.now()));

        DeliveryLedger.BatchWrite result = throttled.recordAll(rows);

        assertThat(calls).containsExactly(10, 3, 1, 1);
        assertThat(result.unwritten()).containsExactly(stubborn);
        assertThat(result.reason()).isEqualTo("ledger rows not written after 4 BatchWriteItem attempts: DynamoDB left 1 row(s) unprocessed (throttled)");
        assertThat(ledger.find(stubborn)).isEmpty();
        for (LedgerEntry row : rows.subList(0, 9)) {
            assertThat(ledger.find(row.deliveryId())).as(row.deliveryId()).isPresent();
        }
    }

    private static DynamoDbClient dynamo(ExecutionInterceptor interceptor) {
        return DynamoDbClient.builder().endpointOverride(LocalEngines.get().dynamoEndpoint()).region(LocalEngines.REGION)
                .credentialsProvider(LocalEngines.CREDENTIALS).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(interceptor)).build();
    }
}
