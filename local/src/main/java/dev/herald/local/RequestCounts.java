package dev.herald.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.json.Json;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;

/**
 * Counts every AWS API request the runtime serves, keyed {@code service:Operation} (e.g.
 * {@code dynamodb:PutItem}, {@code sqs:SendMessageBatch}, {@code execute-api:PostToConnection}),
 * wherever it is made: calls on the edge port (the functions' SDK clients, producers, the CLI) and the
 * runtime's own calls straight to the engines (the event bus's SQS targets, the event-source
 * mappings' ReceiveMessage/DeleteMessageBatch - the requests Lambda and EventBridge make on AWS, and
 * bill to the account). Read by load tests; thread-safe and cheap (one {@link LongAdder} per key).
 */
public final class RequestCounts {
    private static final String CONNECTIONS = "/@connections/";

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    /** Adds one request to {@code key}. */
    public void add(String key) {
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /** Adds {@code amount} to {@code key} (e.g. thousandths of capacity units, {@link CapacityMeter}). */
    public void addAmount(String key, long amount) {
        counts.computeIfAbsent(key, k -> new LongAdder()).add(amount);
    }

    /** Every key counted so far and its count, sorted by key. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** For the runtime's own SDK clients: counts each call once (not each retry) by service and operation. */
    ExecutionInterceptor sdkInterceptor() {
        return new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
                String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
                String key = service(service) + ":" + operation;
                add(key);
                switch (context.request()) {
                    case BatchWriteItemRequest w -> addItems(key, w.requestItems().values().stream().mapToLong(java.util.List::size).sum());
                    case BatchGetItemRequest g -> addItems(key, g.requestItems().values().stream().mapToLong(k -> k.keys().size()).sum());
                    case software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementRequest b -> addItems(key, b.statements().size());
                    default -> {
                    }
                }
            }
        };
    }

    /**
     * For the edge server: counts each HTTP request before it is routed, and for DynamoDB's batch operations
     * also the items they carry ({@link #ITEMS}), since DynamoDB bills capacity units per item, not per request.
     */
    EdgeComponent edgeCounter() {
        return config -> config.routes.before(ctx -> {
            String key = edgeKey(ctx.method().name(), ctx.path(), ctx.header("X-Amz-Target"));
            add(key);
            if (key.equals("dynamodb:BatchWriteItem") || key.equals("dynamodb:BatchGetItem") || key.equals("dynamodb:BatchExecuteStatement")) {
                addItems(key, batchItems(ctx.bodyAsBytes()));
            }
        });
    }

    /**
     * Prefix of the item counts of DynamoDB batch requests: {@code dynamodb-items:BatchWriteItem} is the number of
     * put and delete requests all BatchWriteItem calls carried, {@code dynamodb-items:BatchGetItem} the keys asked for.
     */
    public static final String ITEMS = "dynamodb-items:";

    private void addItems(String requestKey, long items) {
        counts.computeIfAbsent(ITEMS + requestKey.substring(requestKey.indexOf(':') + 1), k -> new LongAdder()).add(items);
    }

    /**
     * Items in a BatchWriteItem ({@code RequestItems: {table: [{PutRequest|DeleteRequest}]}}), BatchGetItem
     * ({@code RequestItems: {table: {Keys: [...]}}}) or BatchExecuteStatement ({@code Statements: [...]}, one item
     * each) body; 0 when it cannot be read (the engine answers the error).
     */
    static long batchItems(byte[] body) {
        try {
            JsonNode request = Json.mapper().readTree(body);
            if (request.has("Statements")) {
                return request.path("Statements").size();
            }
            JsonNode tables = request.path("RequestItems");
            long n = 0;
            for (JsonNode table : tables) {
                n += table.isArray() ? table.size() : table.path("Keys").size();
            }
            return n;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /** The key of one edge request: its {@code X-Amz-Target}, else what its REST path names. */
    static String edgeKey(String method, String path, String target) {
        if (target != null && !target.isBlank()) {
            int dot = target.indexOf('.');
            return dot < 0 ? "unknown:" + target : service(target.substring(0, dot)) + ":" + target.substring(dot + 1);
        }
        if (path.contains(CONNECTIONS)) {
            return "execute-api:" + switch (method) {
                case "POST" -> "PostToConnection";
                case "DELETE" -> "DeleteConnection";
                default -> "GetConnection";
            };
        }
        if (path.startsWith("/v2/email/outbound-emails")) {
            return "ses:SendEmail";
        }
        if (path.startsWith("/2015-03-31/functions/")) {
            return "lambda:Invoke";
        }
        if (method.equals("POST") && (path.equals("/") || path.matches("/[0-9]{12}/[^/]+"))) {
            return "sqs:QueryProtocol";
        }
        int second = path.indexOf('/', 1);
        return "http:" + method + " " + (second < 0 ? path : path.substring(0, second));
    }

    /** {@code DynamoDB_20120810} and {@code DynamoDb} to {@code dynamodb}, {@code AmazonSQS} and {@code Sqs} to {@code sqs}, ... */
    private static String service(String name) {
        String n = name == null ? "unknown" : name.toLowerCase(java.util.Locale.ROOT);
        if (n.startsWith("dynamodb")) {
            return "dynamodb";
        }
        if (n.contains("sqs")) {
            return "sqs";
        }
        if (n.equals("awsevents") || n.equals("eventbridge")) {
            return "events";
        }
        if (n.equals("secretsmanager")) {
            return "secretsmanager";
        }
        return n;
    }
}
