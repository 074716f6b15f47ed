package dev.herald.common.testing;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementResponse;

/**
 * A DynamoDB client on the shared DynamoDB Local that counts its calls by operation and the write units the engine
 * says each write consumed (table and indexes: every write asks for {@code ReturnConsumedCapacity=INDEXES}). Counts
 * what reached the engine; a refused condition still consumes write units, as on AWS.
 */
public final class DynamoCalls {
    private final Map<String, Integer> calls = new ConcurrentHashMap<>();
    private final DoubleAdder writeUnits = new DoubleAdder();
    private final java.util.concurrent.atomic.AtomicInteger statements = new java.util.concurrent.atomic.AtomicInteger();
    private final DynamoDbClient client;

    public DynamoCalls() {
        client = DynamoDbClient.builder().endpointOverride(LocalEngines.get().dynamoEndpoint()).region(LocalEngines.REGION)
                .credentialsProvider(LocalEngines.CREDENTIALS).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(new Counter())).build();
    }

    public DynamoDbClient client() {
        return client;
    }

    /** Operation name (e.g. {@code UpdateItem}) to calls, in name order. */
    public Map<String, Integer> calls() {
        return new TreeMap<>(calls);
    }

    public int totalCalls() {
        return calls.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Write units consumed, table and indexes together. */
    public double writeUnits() {
        return writeUnits.sum();
    }

    /**
     * PartiQL statements sent in BatchExecuteStatement calls. DynamoDB Local reports no consumed capacity for them; on
     * DynamoDB a statement that updates one item costs what the same UpdateItem does.
     */
    public int statements() {
        return statements.get();
    }

    public void reset() {
        calls.clear();
        writeUnits.reset();
        statements.set(0);
    }

    private final class Counter implements ExecutionInterceptor {
        @Override
        public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
            return switch (context.request()) {
                case PutItemRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.INDEXES).build();
                case UpdateItemRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.INDEXES).build();
                case BatchWriteItemRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.INDEXES).build();
                case TransactWriteItemsRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.INDEXES).build();
                case BatchExecuteStatementRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.INDEXES).build();
                default -> context.request();
            };
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            String name = context.request().getClass().getSimpleName().replaceFirst("Request$", "");
            calls.merge(name, 1, Integer::sum);
            if (context.request() instanceof BatchExecuteStatementRequest r) {
                statements.addAndGet(r.statements().size());
            }
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            SdkResponse response = context.response();
            switch (response) {
                case PutItemResponse r -> add(r.consumedCapacity());
                case UpdateItemResponse r -> add(r.consumedCapacity());
                case BatchWriteItemResponse r -> r.consumedCapacity().forEach(this::add);
                case TransactWriteItemsResponse r -> r.consumedCapacity().forEach(this::add);
                case BatchExecuteStatementResponse r -> r.consumedCapacity().forEach(this::add);
                default -> {
                }
            }
        }

        private void add(ConsumedCapacity c) {
            if (c != null && c.capacityUnits() != null) {
                writeUnits.add(c.capacityUnits());
            }
        }
    }
}
