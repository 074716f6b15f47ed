package dev.herald.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import dev.herald.local.edge.AwsServiceProxy;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;

/**
 * DynamoDB's capacity units, as the engine reports them, for every call through the edge: the meter asks for
 * {@code ReturnConsumedCapacity: TOTAL} on each item call that did not ask itself (the caller's SDK reads the extra
 * field and ignores it) and adds the answer's {@code CapacityUnits} - table and global secondary indexes, per item
 * size - to {@link #WRITE_UNITS} or {@link #READ_UNITS} of {@link RequestCounts}, in thousandths of a unit.
 *
 * <p>Where DynamoDB Local reports nothing, the meter charges what DynamoDB bills: a write refused by its condition
 * ({@code ConditionalCheckFailedException}) 1 write unit (DynamoDB charges a refused conditional write as a write), and
 * each statement of a {@code BatchExecuteStatement} 1 write unit when it writes and half a read unit (1 when
 * consistent) when it reads, refused or not - DynamoDB Local answers those with an empty capacity list. Both are
 * floors for items of at most 1 KB that change no index key, which is what Herald's per-batch claims and results are.
 * Each total is also kept per operation, under the total's key plus {@code :Operation}.
 */
public final class CapacityMeter implements AwsServiceProxy.Meter {
    /** What the meter's counts are keyed with. */
    public static final String PREFIX = "dynamodb-capacity:";
    /** Write capacity units consumed, in thousandths. */
    public static final String WRITE_UNITS = PREFIX + "write-milli";
    /** Read capacity units consumed, in thousandths. */
    public static final String READ_UNITS = PREFIX + "read-milli";

    private static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems");
    private static final Set<String> READS = Set.of("GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems");
    private static final String STATEMENTS = "BatchExecuteStatement";

    private final RequestCounts counts;

    public CapacityMeter(RequestCounts counts) {
        this.counts = counts;
    }

    @Override
    public byte[] request(String operation, byte[] body) {
        if (!WRITES.contains(operation) && !READS.contains(operation)) {
            return body;
        }
        try {
            JsonNode tree = Json.mapper().readTree(body);
            if (!(tree instanceof ObjectNode request)) {
                return body;
            }
            String asked = request.path("ReturnConsumedCapacity").asText("NONE");
            if (!asked.equals("NONE")) {
                return body;
            }
            request.put("ReturnConsumedCapacity", "TOTAL");
            return Json.mapper().writeValueAsBytes(request);
        } catch (IOException e) {
            return body; // the engine answers the malformed request itself
        }
    }

    @Override
    public void answered(String operation, byte[] request, int status, byte[] answer) {
        if (operation.equals(STATEMENTS)) {
            if (status == 200) {
                statements(request);
            }
            return;
        }
        boolean write = WRITES.contains(operation);
        if (!write && !READS.contains(operation)) {
            return;
        }
        try {
            JsonNode tree = Json.mapper().readTree(answer);
            if (status == 200) {
                add(write ? WRITE_UNITS : READ_UNITS, operation, milli(tree.path("ConsumedCapacity")));
            } else if (write && tree.path("__type").asText("").endsWith("ConditionalCheckFailedException")) {
                add(WRITE_UNITS, operation, 1000);
            }
        } catch (IOException e) {
            // an answer that is not JSON consumed nothing we can read
        }
    }

    private void add(String total, String operation, long milli) {
        counts.addAmount(total, milli);
        counts.addAmount(total + ":" + operation, milli);
    }

    /** Thousandths of the units in a {@code ConsumedCapacity} object, or the sum over a list of them. */
    static long milli(JsonNode consumed) {
        if (consumed.isArray()) {
            long sum = 0;
            for (JsonNode c : consumed) {
                sum += milli(c);
            }
            return sum;
        }
        return Math.round(consumed.path("CapacityUnits").asDouble(0) * 1000);
    }

    private void statements(byte[] request) {
        try {
            JsonNode statements = Json.mapper().readTree(request).path("Statements");
            for (JsonNode s : statements) {
                if (s.path("Statement").asText("").stripLeading().toUpperCase(Locale.ROOT).startsWith("SELECT")) {
                    add(READ_UNITS, STATEMENTS, s.path("ConsistentRead").asBoolean(false) ? 1000 : 500);
                } else {
                    add(WRITE_UNITS, STATEMENTS, 1000);
                }
            }
        } catch (IOException e) {
            // a malformed request was refused by the engine
        }
    }
}
