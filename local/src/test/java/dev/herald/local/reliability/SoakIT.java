package dev.herald.local.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.event.Channel;
import dev.herald.common.json.Json;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.LocalRuntime;
import dev.herald.local.RuntimeOptions;
import dev.herald.local.demo.DemoSeed;
import dev.herald.local.emulators.ApnsEmulator;
import dev.herald.local.testing.AllAtOnceOrderRoute;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Load held (the {@code soak} profile, not part of {@code verify}): first the maximum sustained rate
 * is measured (a burst published as fast as possible, timed until every delivery is sent), then events
 * are published at half that rate for {@code herald.soak.minutes} (10 by default). Every 30 s it samples
 * the heap after a full GC, the messages waiting in the queues and the age of the oldest delivery not yet
 * sent. Passes when the heap and the backlog do not grow from the first third to the last, and every
 * delivery is sent (zero loss). The samples are printed and written to target/soak-samples.csv.
 */
class SoakIT {
    private static final List<String> USERS = DemoSeed.USERS;
    private static final List<String> QUEUES = List.of(HeraldTopology.QUEUE_INGRESS, HeraldTopology.QUEUE_PUSH, HeraldTopology.QUEUE_EMAIL);

    @TempDir
    Path dir;

    private record Sample(long second, long heapMb, long backlog, long oldestUnsentMs, int published) {
    }

    @Test
    void halfTheMaximumRateForTenMinutes_holdsHeapAndQueueAge_andLosesNothing() throws Exception {
        int minutes = Integer.getInteger("herald.soak.minutes", 10);
        int burst = Integer.getInteger("herald.soak.burst", 1000);
        Path repoRoot = Path.of("").toAbsolutePath().getParent();
        try (LocalRuntime runtime = LocalRuntime.start(RuntimeOptions.ephemeral(dir, repoRoot))) {
            var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
            try (EventBridgeClient events = EventBridgeClient.builder().endpointOverride(runtime.edgeEndpoint()).region(Region.EU_WEST_1)
                    .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
                 DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(runtime.edgeEndpoint()).region(Region.EU_WEST_1)
                         .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
                 SqsClient sqs = SqsClient.builder().endpointOverride(runtime.edgeEndpoint()).region(Region.EU_WEST_1)
                         .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build()) {
                new DemoSeed(dynamo, ApnsEmulator.DEFAULT_TOPIC).seed();
                // a push and an email per event at once, as measured before the demo's order route became WebSocket-first
                AllAtOnceOrderRoute.install(dynamo);
                Load load = new Load(events, dynamo, "soak-" + UUID.randomUUID().toString().substring(0, 8));
                ProviderTally providers = new ProviderTally(runtime);

                // 1. the maximum sustained rate: a burst as fast as 4 producers go, until every delivery is sent
                long begin = System.nanoTime();
                ExecutorService producers = Executors.newFixedThreadPool(4);
                List<Future<?>> sends = new ArrayList<>();
                for (int start = 0; start < burst; start += 10) {
                    int from = start;
                    sends.add(producers.submit(() -> load.publish(from, Math.min(burst, from + 10))));
                }
                for (Future<?> f : sends) {
                    f.get();
                }
                producers.shutdown();
                Map<String, Map<String, AttributeValue>> burstRows = load.awaitSent(0, burst, Duration.ofMinutes(10));
                List<String> burstIds = load.ids(0, burst);
                assertThat(burstRows).as("every delivery of the burst sent").hasSize(burstIds.size());
                assertThat(providers.missing(burstIds)).as("burst deliveries no provider received").isEmpty();
                assertThat(providers.duplicates(burstIds)).as("burst deliveries a provider received more than once").isEmpty();
                double maxRate = burst / ((System.nanoTime() - begin) / 1e9);
                double rate = maxRate / 2;
                System.out.printf("SOAK max sustained rate %.1f events/s (%d deliveries each); holding %.1f events/s for %d min%n",
                        maxRate, Load.CHANNELS.size(), rate, minutes);

                // 2. half of it, paced, for the whole duration, sampled every 30 s
                List<Sample> samples = new ArrayList<>();
                long soakBegin = System.nanoTime();
                long end = soakBegin + Duration.ofMinutes(minutes).toNanos();
                int next = burst;
                long nextSample = soakBegin;
                while (System.nanoTime() < end) {
                    double elapsed = (System.nanoTime() - soakBegin) / 1e9;
                    int due = burst + (int) (elapsed * rate);
                    while (next + 10 <= due) {
                        load.publish(next, next + 10);
                        next += 10;
                    }
                    if (System.nanoTime() >= nextSample) {
                        samples.add(sample(soakBegin, sqs, runtime, load, next));
                        System.out.println("SOAK sample " + samples.getLast());
                        nextSample += Duration.ofSeconds(30).toNanos();
                    }
                    Thread.sleep(20);
                }
                int total = next;
                Map<String, Map<String, AttributeValue>> rows = load.awaitSent(burst, total, Duration.ofMinutes(10));
                samples.add(sample(soakBegin, sqs, runtime, load, total));
                List<String> soakIds = load.ids(burst, total);
                Map<String, Map<String, Integer>> soakDuplicates = providers.duplicates(soakIds);
                java.util.Set<String> soakMissing = providers.missing(soakIds);
                providers.close();

                writeCsv(samples);
                int third = Math.max(1, samples.size() / 3);
                List<Sample> first = samples.subList(0, third);
                List<Sample> last = samples.subList(samples.size() - 1 - third, samples.size() - 1);
                long heapFirst = first.stream().mapToLong(Sample::heapMb).max().orElseThrow();
                long heapLast = last.stream().mapToLong(Sample::heapMb).max().orElseThrow();
                // a trend shows in several samples; one stalled sample (a long GC, a batch retried after its visibility
                // timeout) is not one: the queue figures compare each third's second-highest sample
                long backlogFirst = secondHighest(first, Sample::backlog);
                long backlogLast = secondHighest(last, Sample::backlog);
                long ageFirst = secondHighest(first, Sample::oldestUnsentMs);
                long ageLast = secondHighest(last, Sample::oldestUnsentMs);
                String summary = String.format("max rate %.1f events/s; held %.1f events/s for %d min (%d events, %d deliveries); heap after GC "
                                + "first third max %d MB, last third max %d MB; backlog %d -> %d messages and oldest unsent %d -> %d ms (second-highest sample "
                                + "of the first and last thirds); sent %d of %d",
                        maxRate, rate, minutes, total - burst, (total - burst) * Load.CHANNELS.size(), heapFirst, heapLast, backlogFirst, backlogLast,
                        ageFirst, ageLast, rows.size(), (total - burst) * Load.CHANNELS.size());
                System.out.println("SOAK " + summary);

                assertThat(rows).as("every delivery of the soak sent").hasSize((total - burst) * Load.CHANNELS.size());
                // the providers' side of exactly-once: each push and email received once (APNs/FCM accepted, SES accepted)
                assertThat(soakMissing).as("soak deliveries no provider received").isEmpty();
                assertThat(soakDuplicates).as("soak deliveries a provider received more than once").isEmpty();
                // no growth: the last third may not exceed the first by more than noise (GC granularity, batch timing)
                assertThat(heapLast).as("heap after GC, last third vs first").isLessThanOrEqualTo(heapFirst + Math.max(64, heapFirst / 4));
                assertThat(backlogLast).as("queue backlog, last third vs first").isLessThanOrEqualTo(backlogFirst * 2 + (long) (rate * 10));
                assertThat(ageLast).as("oldest unsent delivery, last third vs first").isLessThanOrEqualTo(ageFirst * 2 + 10_000);
                Report.row("Load held", String.format("%.1f events/s (half of the measured %.1f) for %d min, %d deliveries", rate, maxRate, minutes,
                                (total - burst) * Load.CHANNELS.size()), "no heap growth after GC, no queue-age growth, zero loss", summary,
                        "SoakIT.halfTheMaximumRateForTenMinutes_holdsHeapAndQueueAge_andLosesNothing (-Psoak)");
            }
        }
    }

    /** The second-highest value of the samples (the only one when there is one). */
    static long secondHighest(List<Sample> samples, java.util.function.ToLongFunction<Sample> value) {
        List<Long> sorted = samples.stream().map(value::applyAsLong).sorted(java.util.Comparator.reverseOrder()).toList();
        return sorted.get(Math.min(1, sorted.size() - 1));
    }

    private static Sample sample(long begin, SqsClient sqs, LocalRuntime runtime, Load load, int published) {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
        long backlog = 0;
        for (String q : QUEUES) {
            backlog += sqs.getQueueAttributes(r -> r.queueUrl(runtime.queueUrls().get(q)).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                    .attributes().values().stream().mapToLong(Long::parseLong).sum();
        }
        return new Sample((System.nanoTime() - begin) / 1_000_000_000L, heap, backlog, load.oldestUnsentMillis(published), published);
    }

    private void writeCsv(List<Sample> samples) throws java.io.IOException {
        StringBuilder csv = new StringBuilder("second,heapAfterGcMb,backlogMessages,oldestUnsentMs,published\n");
        samples.forEach(s -> csv.append(s.second()).append(',').append(s.heapMb()).append(',').append(s.backlog()).append(',')
                .append(s.oldestUnsentMs()).append(',').append(s.published()).append('\n'));
        java.nio.file.Files.createDirectories(Path.of("target"));
        java.nio.file.Files.writeString(Path.of("target", "soak-samples.csv"), csv);
    }

    /** Publishes event i..j (push + email to one demo user each) and reads their ledger rows. */
    private static final class Load {
        static final List<Channel> CHANNELS = List.of(Channel.PUSH, Channel.EMAIL);
        private final EventBridgeClient events;
        private final DynamoDbClient dynamo;
        private final String run;
        private final Map<Integer, Long> publishedAt = new java.util.concurrent.ConcurrentHashMap<>();
        private final AtomicInteger oldestUnsentHint = new AtomicInteger();

        Load(EventBridgeClient events, DynamoDbClient dynamo, String run) {
            this.events = events;
            this.dynamo = dynamo;
            this.run = run;
        }

        void publish(int from, int to) {
            List<PutEventsRequestEntry> batch = new ArrayList<>();
            for (int i = from; i < to; i++) {
                batch.add(PutEventsRequestEntry.builder().eventBusName(HeraldTopology.BUS).source("shop.orders").detailType("order.shipped")
                        .detail(Json.write(Map.of("notificationId", run + "-" + i, "recipients", List.of(USERS.get(i % USERS.size())),
                                "channels", List.of("push", "email"), "data", Map.of("orderId", "S-" + i, "eta", "soon")))).build());
            }
            long now = System.currentTimeMillis();
            var response = events.putEvents(r -> r.entries(batch));
            assertThat(response.failedEntryCount()).as("PutEvents failures").isZero();
            for (int i = from; i < to; i++) {
                publishedAt.put(i, now);
            }
        }

        /** The delivery ids of events from..to. */
        List<String> ids(int from, int to) {
            List<String> out = new ArrayList<>();
            for (int i = from; i < to; i++) {
                out.addAll(ids(i));
            }
            return out;
        }

        private List<String> ids(int i) {
            return CHANNELS.stream().map(c -> DeliveryIds.of(run + "-" + i, c, USERS.get(i % USERS.size()))).toList();
        }

        /** Age of the oldest published event with a delivery not yet sent (0 when all are sent). */
        long oldestUnsentMillis(int published) {
            int i = oldestUnsentHint.get();
            while (i < published) {
                Map<String, Map<String, AttributeValue>> rows = read(i, Math.min(published, i + 100));
                int firstUnsent = -1;
                for (int k = i; k < Math.min(published, i + 100) && firstUnsent < 0; k++) {
                    for (String id : ids(k)) {
                        Map<String, AttributeValue> row = rows.get(id);
                        if (row == null || !"sent".equals(row.get("status").s())) {
                            firstUnsent = k;
                            break;
                        }
                    }
                }
                if (firstUnsent >= 0) {
                    oldestUnsentHint.set(firstUnsent);
                    return System.currentTimeMillis() - publishedAt.getOrDefault(firstUnsent, System.currentTimeMillis());
                }
                i = Math.min(published, i + 100);
                oldestUnsentHint.set(i);
            }
            return 0;
        }

        Map<String, Map<String, AttributeValue>> awaitSent(int from, int to, Duration patience) throws InterruptedException {
            long deadline = System.nanoTime() + patience.toNanos();
            Map<String, Map<String, AttributeValue>> sent = new HashMap<>();
            while (System.nanoTime() < deadline) {
                sent.clear();
                read(from, to).forEach((id, row) -> {
                    if ("sent".equals(row.get("status").s())) {
                        sent.put(id, row);
                    }
                });
                if (sent.size() == (to - from) * CHANNELS.size()) {
                    return sent;
                }
                Thread.sleep(1000);
            }
            return sent;
        }

        Map<String, Map<String, AttributeValue>> read(int from, int to) {
            Map<String, Map<String, AttributeValue>> rows = new HashMap<>();
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (int i = from; i < to; i++) {
                ids(i).forEach(id -> keys.add(Map.of("deliveryId", AttributeValue.fromS(id))));
            }
            for (int start = 0; start < keys.size(); start += 100) {
                Map<String, KeysAndAttributes> request = Map.of(HeraldTopology.TABLE_DELIVERIES,
                        KeysAndAttributes.builder().keys(keys.subList(start, Math.min(keys.size(), start + 100))).build());
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
    }
}
