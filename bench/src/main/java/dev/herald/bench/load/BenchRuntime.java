package dev.herald.bench.load;

import dev.herald.common.json.Json;
import dev.herald.common.store.DynamoDbRouteStore;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.CapacityMeter;
import dev.herald.local.LocalRuntime;
import dev.herald.local.RuntimeOptions;
import dev.herald.local.demo.DemoSeed;
import dev.herald.local.emulators.ApnsEmulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The {@code herald up} runtime a benchmark runs against: the real function jars, the demo data (its
 * {@code order-shipped} route sending on every channel at once), fresh data in a temporary directory, ports chosen
 * free, everything on loopback. Producer clients are the SDK's, on the edge port - so their calls are counted with
 * everything else.
 */
final class BenchRuntime implements AutoCloseable {
    /** The benchmark's {@code order-shipped} route (classpath): the demo's, with its channels all at once instead of steps. */
    static final String ALL_AT_ONCE = "/dev/herald/bench/load/order-shipped-all-at-once.json";
    final LocalRuntime runtime;
    final SdkHttpClient http;
    final EventBridgeClient events;
    final DynamoDbClient dynamo;
    final SqsClient sqs;
    private final Path dataDir;
    private final Map<String, LongAdder> ownCalls = new ConcurrentHashMap<>();

    private BenchRuntime(LocalRuntime runtime, Path dataDir) {
        this.runtime = runtime;
        this.dataDir = dataDir;
        // HttpURLConnection keeps connections alive per thread: the producer sends from many threads at once
        this.http = UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2)).socketTimeout(Duration.ofSeconds(60)).build();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        var overrides = ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofSeconds(60)).build();
        // the harness's own table reads (ledger checks) are not the pipeline's: counted here to be subtracted
        var own = ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofSeconds(60)).addExecutionInterceptor(new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                ownCalls.computeIfAbsent("dynamodb:" + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), k -> new LongAdder()).increment();
                // the edge also counts the items of batch calls: take the harness's own out too (LedgerCount reads rows in batches)
                if (context.request() instanceof software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest get) {
                    ownCalls.computeIfAbsent("dynamodb-items:BatchGetItem", k -> new LongAdder())
                            .add(get.requestItems().values().stream().mapToInt(k -> k.keys().size()).sum());
                } else if (context.request() instanceof software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest write) {
                    ownCalls.computeIfAbsent("dynamodb-items:BatchWriteItem", k -> new LongAdder())
                            .add(write.requestItems().values().stream().mapToInt(java.util.List::size).sum());
                }
            }

            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                // the edge meters the capacity each call consumed (CapacityMeter): take the harness's own out too
                Object consumed = context.response().getValueForField("ConsumedCapacity", Object.class).orElse(null);
                double units = switch (consumed) {
                    case software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity c -> c.capacityUnits() == null ? 0 : c.capacityUnits();
                    case java.util.List<?> list -> list.stream()
                            .mapToDouble(c -> c instanceof software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity cc && cc.capacityUnits() != null
                                    ? cc.capacityUnits() : 0).sum();
                    case null, default -> 0;
                };
                String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
                boolean write = op.startsWith("Put") || op.startsWith("Update") || op.startsWith("Delete") || op.startsWith("BatchWrite");
                String total = write ? CapacityMeter.WRITE_UNITS : CapacityMeter.READ_UNITS;
                ownCalls.computeIfAbsent(total, k -> new LongAdder()).add(Math.round(units * 1000));
                ownCalls.computeIfAbsent(total + ":" + op, k -> new LongAdder()).add(Math.round(units * 1000));
            }
        }).build();
        Region region = Region.of(runtime.region());
        this.events = EventBridgeClient.builder().endpointOverride(runtime.edgeEndpoint()).region(region).credentialsProvider(credentials)
                .httpClient(http).overrideConfiguration(overrides).build();
        this.dynamo = DynamoDbClient.builder().endpointOverride(runtime.edgeEndpoint()).region(region).credentialsProvider(credentials)
                .httpClient(http).overrideConfiguration(own).build();
        this.sqs = SqsClient.builder().endpointOverride(runtime.edgeEndpoint()).region(region).credentialsProvider(credentials)
                .httpClient(http).overrideConfiguration(overrides).build();
    }

    /** Starts the runtime from the repository's built jars and seeds the demo data. */
    static BenchRuntime start(Path repoRoot) {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("herald-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LocalRuntime runtime = LocalRuntime.start(RuntimeOptions.ephemeral(dataDir, repoRoot));
        if (!runtime.unbuiltFunctions().isEmpty()) {
            runtime.close();
            throw new IllegalStateException("function jars missing for " + runtime.unbuiltFunctions()
                    + "; build them with ./mvnw -DskipTests package (./herald bench does that)");
        }
        BenchRuntime b = new BenchRuntime(runtime, dataDir);
        new DemoSeed(b.dynamo, ApnsEmulator.DEFAULT_TOPIC).seed();
        b.sendOrdersOnEveryChannelAtOnce();
        return b;
    }

    /**
     * Puts {@value #ALL_AT_ONCE} over the demo's WebSocket-first {@code order-shipped} route: the workload measured is
     * 1 WebSocket + 1 push + 1 email delivery per {@code order.shipped}, all sent at once. The put raises the Routes
     * table's version, so the router routes the first event with it.
     */
    private void sendOrdersOnEveryChannelAtOnce() {
        try (InputStream in = BenchRuntime.class.getResourceAsStream(ALL_AT_ONCE)) {
            if (in == null) {
                throw new IllegalStateException("the benchmark's route " + ALL_AT_ONCE + " is missing from the classpath; rebuild herald-bench");
            }
            new DynamoDbRouteStore(dynamo, HeraldTopology.TABLE_ROUTES, Clock.systemUTC())
                    .put("order-shipped", Json.write(Json.tree(new String(in.readAllBytes(), StandardCharsets.UTF_8))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the benchmark's route " + ALL_AT_ONCE, e);
        }
    }

    /**
     * What the pipeline asked of AWS since {@code before} ({@link #counts()}): the runtime's request counts minus the
     * harness's own DynamoDB calls (seeding, ledger checks), which the runtime counts too.
     */
    Map<String, Long> pipelineCallsSince(Map<String, Long> before) {
        Map<String, Long> now = counts();
        Map<String, Long> delta = new TreeMap<>();
        now.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d != 0) {
                delta.put(k, d);
            }
        });
        return delta;
    }

    /** The runtime's counts with the harness's own calls taken out, for {@link #pipelineCallsSince}. */
    Map<String, Long> counts() {
        Map<String, Long> c = new TreeMap<>(runtime.requestCounts().snapshot());
        ownCalls.forEach((k, v) -> c.merge(k, -v.sum(), Long::sum));
        return c;
    }

    /** Writes items with BatchWriteItem, 25 at a time, retrying what DynamoDB leaves unprocessed. */
    void batchWrite(String table, List<Map<String, AttributeValue>> items) {
        for (int i = 0; i < items.size(); i += 25) {
            List<WriteRequest> batch = new ArrayList<>();
            for (Map<String, AttributeValue> item : items.subList(i, Math.min(items.size(), i + 25))) {
                batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            }
            Map<String, List<WriteRequest>> pending = Map.of(table, batch);
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> request = pending;
                pending = dynamo.batchWriteItem(r -> r.requestItems(request)).unprocessedItems();
            }
        }
    }

    /** Profiles for bench users: enrichment renders with them (name, locale). */
    void seedProfiles(List<String> users) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (String u : users) {
            items.add(Map.of("userId", AttributeValue.fromS(u), "displayName", AttributeValue.fromS("Bench " + u),
                    "email", AttributeValue.fromS(u + "@example.com"), "locale", AttributeValue.fromS("en"),
                    "timeZone", AttributeValue.fromS("UTC")));
        }
        batchWrite(HeraldTopology.TABLE_PROFILES, items);
    }

    @Override
    public void close() {
        events.close();
        dynamo.close();
        sqs.close();
        http.close();
        runtime.close();
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; the OS cleans it eventually
        }
    }
}
