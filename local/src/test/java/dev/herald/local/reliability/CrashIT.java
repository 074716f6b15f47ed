package dev.herald.local.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.event.Channel;
import dev.herald.common.json.Json;
import dev.herald.common.topology.HeraldTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/**
 * Crash: {@code herald up} (a child JVM) is killed with SIGKILL while a producer publishes
 * {@code herald.crash.events} events (5,000 in the soak profile, 1,000 in {@code verify}) and the pipeline delivers them, then started again on the same data directory. The producer
 * does what a producer does: it retries a PutEvents call that failed (same notification ids) until the
 * bus accepts it. Afterwards every expected delivery is in the ledger exactly once, sent; none lost.
 */
class CrashIT {
    /** 1,000 in {@code verify} (a few minutes on 2 cores); the soak profile runs the full 5,000. */
    private static final int EVENTS = Integer.getInteger("herald.crash.events", 1_000);
    private static final int KILL_AFTER = EVENTS * 2 / 5;
    private static final List<String> USERS = List.of("user-1", "user-2", "user-3");

    @TempDir
    Path dir;

    @Test
    void killMinus9DuringALoad_thenRestart_everyDeliveryIsInTheLedgerExactlyOnce() throws Exception {
        String run = "crash-" + UUID.randomUUID().toString().substring(0, 8);
        Path log = Path.of("target", run + "-herald-up.log").toAbsolutePath();
        try (HeraldProcess herald = new HeraldProcess(dir.resolve("data"), log)) {
            herald.start();
            var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
            try (EventBridgeClient events = EventBridgeClient.builder().endpointOverride(herald.edge()).region(Region.EU_WEST_1)
                    .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
                 DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(herald.edge()).region(Region.EU_WEST_1)
                         .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build()) {
                AtomicInteger accepted = new AtomicInteger();
                AtomicInteger failedCalls = new AtomicInteger();
                Thread producer = Thread.ofPlatform().name("crash-producer").start(() -> publishAll(events, run, accepted, failedCalls));
                EmailTally emails = new EmailTally(herald.edge());

                while (accepted.get() < KILL_AFTER && producer.isAlive()) {
                    Thread.sleep(20);
                }
                int acceptedAtKill = accepted.get();
                long sentAtKill = countSent(dynamo, run, EVENTS);
                herald.kill();
                herald.start();
                producer.join(Duration.ofMinutes(10));
                assertThat(accepted.get()).isEqualTo(EVENTS);

                Map<String, Map<String, AttributeValue>> rows = awaitAllFinal(dynamo, run, Duration.ofMinutes(Math.max(6, EVENTS / 250)));
                long sent = rows.values().stream().filter(r -> "sent".equals(r.get("status").s())).count();
                long resent = rows.values().stream().filter(r -> Integer.parseInt(r.get("attempts").n()) > 1).count();
                List<String> notSent = rows.entrySet().stream().filter(e -> !"sent".equals(e.getValue().get("status").s()))
                        .map(e -> e.getKey() + "=" + e.getValue().get("status").s()).limit(10).toList();
                long rowsOfRun = dynamo.scanPaginator(r -> r.tableName(HeraldTopology.TABLE_DELIVERIES)
                                .filterExpression("begins_with(deliveryId, :p)").expressionAttributeValues(Map.of(":p", AttributeValue.fromS(run))))
                        .items().stream().count();
                assertThat(notSent).as("deliveries not sent").isEmpty();
                assertThat(sent).isEqualTo(EVENTS);
                assertThat(rowsOfRun).as("ledger rows of this run: one per delivery, no extra").isEqualTo(EVENTS);
                // a delivery claimed (SENDING) when the process died is sent again after the restart: the one window
                // where a provider may see a message twice; it is bounded by the handlers' in-flight batches
                assertThat(resent).isLessThanOrEqualTo(4 * 10);
                // what SES received: an email twice only for a delivery the ledger shows claimed again after the crash
                Map<String, Integer> twice = emails.duplicates();
                emails.close();
                assertThat(twice.keySet()).as("emails accepted more than once, outside the re-sent deliveries")
                        .isSubsetOf(resentIds(rows));
                Report.row("Crash (kill -9)", EVENTS + " events (1 email each) published; SIGKILL after " + acceptedAtKill
                                + " accepted (" + sentAtKill + " sent), restart on the same data directory; producer retried "
                                + failedCalls.get() + " failed PutEvents calls",
                        "every delivery in the ledger exactly once, sent; none lost",
                        sent + " of " + EVENTS + " sent, " + rowsOfRun + " ledger rows, " + resent + " re-sent after the crash (attempts > 1); SES saw "
                                + emails.received() + " emails, " + twice.size() + " delivery(ies) twice",
                        "CrashIT.killMinus9DuringALoad_thenRestart_everyDeliveryIsInTheLedgerExactlyOnce" + (EVENTS >= 5000 ? " (-Psoak)" : ""));
            }
        }
    }

    /**
     * Ctrl-C during a load: SIGTERM while events are published and delivered. herald up stops in order (polling
     * stops, batches in flight finish, ElasticMQ stops, then its database closes): it exits by itself with no
     * ERROR line and none of the engines' complaints about a closed store; the restart on the same data directory
     * finds the queues as acknowledged, so every delivery ends sent, once.
     */
    @Test
    void sigtermDuringALoad_stopsWithoutErrors_thenRestart_everyDeliveryIsInTheLedgerExactlyOnce() throws Exception {
        String run = "term-" + UUID.randomUUID().toString().substring(0, 8);
        Path log = Path.of("target", run + "-herald-up.log").toAbsolutePath();
        try (HeraldProcess herald = new HeraldProcess(dir.resolve("data"), log)) {
            herald.start();
            var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
            try (EventBridgeClient events = EventBridgeClient.builder().endpointOverride(herald.edge()).region(Region.EU_WEST_1)
                    .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
                 DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(herald.edge()).region(Region.EU_WEST_1)
                         .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build()) {
                AtomicInteger accepted = new AtomicInteger();
                AtomicInteger failedCalls = new AtomicInteger();
                Thread producer = Thread.ofPlatform().name("term-producer").start(() -> publishAll(events, run, accepted, failedCalls));
                EmailTally emails = new EmailTally(herald.edge());
                while (accepted.get() < KILL_AFTER && producer.isAlive()) {
                    Thread.sleep(20);
                }
                long linesBefore = java.nio.file.Files.readAllLines(log).size();
                long begin = System.nanoTime();
                int exit = herald.terminate();
                long stopMillis = (System.nanoTime() - begin) / 1_000_000;
                List<String> stopping = java.nio.file.Files.readAllLines(log).stream().skip(linesBefore).toList();

                assertThat(exit).as("exit status after SIGTERM; output while stopping:%n%s", String.join("\n", stopping)).isEqualTo(143);
                assertThat(stopping).as("output in the %d ms after SIGTERM", stopMillis).contains("herald up: stopping").anyMatch(l -> l.startsWith("herald up: stopped in "))
                        .noneMatch(l -> l.contains("ERROR") || l.contains("Database is already closed")
                                || l.contains("Failed to notify queue event listener"));
                // generous: what is bounded is the wait for batches in flight, not the machine's speed
                assertThat(stopMillis).as("ms to stop").isLessThan(60_000);

                herald.start();
                producer.join(Duration.ofMinutes(10));
                assertThat(accepted.get()).isEqualTo(EVENTS);
                Map<String, Map<String, AttributeValue>> rows = awaitAllFinal(dynamo, run, Duration.ofMinutes(Math.max(6, EVENTS / 250)));
                long sent = rows.values().stream().filter(r -> "sent".equals(r.get("status").s())).count();
                long resent = rows.values().stream().filter(r -> Integer.parseInt(r.get("attempts").n()) > 1).count();
                long rowsOfRun = dynamo.scanPaginator(r -> r.tableName(HeraldTopology.TABLE_DELIVERIES)
                                .filterExpression("begins_with(deliveryId, :p)").expressionAttributeValues(Map.of(":p", AttributeValue.fromS(run))))
                        .items().stream().count();
                assertThat(sent).isEqualTo(EVENTS);
                assertThat(rowsOfRun).as("ledger rows of this run: one per delivery, no extra").isEqualTo(EVENTS);
                // a stop waits for the batches in flight, so normally none is left claimed (sending); a handler still running
                // past its function timeout is interrupted, and the ledger's guard re-sends only such claimed rows, at most
                // the in-flight batches' worth
                assertThat(resent).as("deliveries sent twice").isLessThanOrEqualTo(4 * 10);
                Map<String, Integer> twice = emails.duplicates();
                emails.close();
                assertThat(twice.keySet()).as("emails accepted more than once, outside the re-sent deliveries")
                        .isSubsetOf(resentIds(rows));
                Report.row("Stop (SIGTERM)", EVENTS + " events (1 email each) published; SIGTERM after " + KILL_AFTER
                                + " accepted, restart on the same data directory; producer retried " + failedCalls.get() + " failed PutEvents calls",
                        "exits by itself, no ERROR line; every delivery in the ledger exactly once, sent",
                        "exit " + exit + " after " + stopMillis + " ms; " + sent + " of " + EVENTS + " sent, " + rowsOfRun + " ledger rows, "
                                + resent + " sent twice",
                        "CrashIT.sigtermDuringALoad_stopsWithoutErrors_thenRestart_everyDeliveryIsInTheLedgerExactlyOnce");
            }
        }
    }

    /** Delivery ids whose ledger row counts more than one claim (sent again after the crash or stop). */
    private static java.util.Set<String> resentIds(Map<String, Map<String, AttributeValue>> rows) {
        return rows.entrySet().stream().filter(e -> Integer.parseInt(e.getValue().get("attempts").n()) > 1)
                .map(Map.Entry::getKey).collect(java.util.stream.Collectors.toSet());
    }

    private static String notificationId(String run, int i) {
        return run + "-" + i;
    }

    private static String user(int i) {
        return USERS.get(i % USERS.size());
    }

    /** Publishes every event in calls of 10, retrying a failed call (or its failed entries) until accepted. */
    private static void publishAll(EventBridgeClient events, String run, AtomicInteger accepted, AtomicInteger failedCalls) {
        for (int start = 0; start < EVENTS; start += 10) {
            List<PutEventsRequestEntry> batch = new ArrayList<>();
            for (int i = start; i < Math.min(EVENTS, start + 10); i++) {
                batch.add(PutEventsRequestEntry.builder().eventBusName(HeraldTopology.BUS).source("shop.orders").detailType("order.shipped")
                        .detail(Json.write(Map.of("notificationId", notificationId(run, i), "recipients", List.of(user(i)),
                                "channels", List.of("email"), "data", Map.of("orderId", "C-" + i, "eta", "soon")))).build());
            }
            while (!batch.isEmpty()) {
                try {
                    List<PutEventsRequestEntry> sending = batch;
                    PutEventsResponse r = events.putEvents(b -> b.entries(sending));
                    List<PutEventsRequestEntry> again = new ArrayList<>();
                    for (int j = 0; j < sending.size(); j++) {
                        if (r.entries().get(j).errorCode() != null) {
                            again.add(sending.get(j));
                        }
                    }
                    accepted.addAndGet(sending.size() - again.size());
                    batch = again;
                } catch (SdkException e) {
                    failedCalls.incrementAndGet();
                    sleep(250);
                }
            }
        }
    }

    private static long countSent(DynamoDbClient dynamo, String run, int upTo) {
        try {
            return read(dynamo, run, upTo).values().stream().filter(r -> "sent".equals(r.get("status").s())).count();
        } catch (SdkException e) {
            return -1;
        }
    }

    /** Waits until every delivery of the run has a final ledger row (sent, rejected, skipped ...) or patience runs out. */
    private static Map<String, Map<String, AttributeValue>> awaitAllFinal(DynamoDbClient dynamo, String run, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        Map<String, Map<String, AttributeValue>> rows = Map.of();
        while (System.nanoTime() < deadline) {
            rows = read(dynamo, run, EVENTS);
            boolean done = rows.size() == EVENTS && rows.values().stream().map(r -> r.get("status").s())
                    .noneMatch(s -> s.equals("queued") || s.equals("sending") || s.equals("failed"));
            if (done) {
                return rows;
            }
            sleep(2000);
        }
        Map<String, Map<String, AttributeValue>> seen = rows;
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < EVENTS && missing.size() < 10; i++) {
            String id = DeliveryIds.of(notificationId(run, i), Channel.EMAIL, user(i));
            if (!seen.containsKey(id)) {
                missing.add(id);
            }
        }
        List<String> unsent = rows.entrySet().stream().filter(e -> !"sent".equals(e.getValue().get("status").s()))
                .map(e -> e.getKey() + "=" + e.getValue().get("status").s() + " (" + e.getValue().getOrDefault("reason", AttributeValue.fromS("")).s() + ")")
                .limit(10).toList();
        throw new AssertionError("after " + patience + " only " + rows.size() + " of " + EVENTS + " deliveries have ledger rows; missing e.g. "
                + missing + "; not sent: " + unsent);
    }

    /** The ledger rows of deliveries 0..upTo-1 of the run, by delivery id (BatchGetItem, 100 keys a call). */
    private static Map<String, Map<String, AttributeValue>> read(DynamoDbClient dynamo, String run, int upTo) {
        Map<String, Map<String, AttributeValue>> rows = new HashMap<>();
        for (int start = 0; start < upTo; start += 100) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (int i = start; i < Math.min(upTo, start + 100); i++) {
                keys.add(Map.of("deliveryId", AttributeValue.fromS(DeliveryIds.of(notificationId(run, i), Channel.EMAIL, user(i)))));
            }
            Map<String, KeysAndAttributes> request = Map.of(HeraldTopology.TABLE_DELIVERIES, KeysAndAttributes.builder().keys(keys).build());
            while (!request.isEmpty()) {
                Map<String, KeysAndAttributes> asked = request;
                var response = dynamo.batchGetItem(r -> r.requestItems(asked));
                response.responses().getOrDefault(HeraldTopology.TABLE_DELIVERIES, List.of())
                        .forEach(item -> rows.put(item.get("deliveryId").s(), item));
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        return rows;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
