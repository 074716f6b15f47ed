package dev.herald.bench.load;

import dev.herald.local.CapacityMeter;
import dev.herald.local.RequestCounts;
import java.util.Map;

/**
 * AWS list prices (us-east-1, on-demand, past the free tiers) and what a set of counted calls costs.
 * Prices as published on the AWS pricing pages for SQS, DynamoDB, Lambda, EventBridge, API Gateway and
 * SES, checked 2026-12-01 (see docs/BENCHMARKS.md). DynamoDB bills capacity units, not requests: the units are
 * the ones DynamoDB Local reported for each call ({@link CapacityMeter}: table and index writes, per item size;
 * a refused conditional write and each write statement of a {@code BatchExecuteStatement} 1 WRU, each read
 * statement half an RRU). The item counts (one per single-item request, each put or delete of a
 * BatchWriteItem, each key of a BatchGetItem, each statement of a BatchExecuteStatement) are kept beside them.
 * Herald's {@code BatchExecuteStatement} calls are its per-batch claims and results, conditional updates: they
 * count as write requests.
 */
final class CostModel {
    static final double SQS_PER_REQUEST = 0.40 / 1e6;
    static final double DYNAMODB_PER_WRU = 0.625 / 1e6;
    static final double DYNAMODB_PER_RRU = 0.125 / 1e6;
    static final double LAMBDA_PER_REQUEST = 0.20 / 1e6;
    static final double LAMBDA_PER_GB_SECOND = 0.0000166667;
    static final double EVENTBRIDGE_PER_EVENT = 1.00 / 1e6;
    static final double WEBSOCKET_PER_MESSAGE = 1.00 / 1e6;
    static final double SES_PER_EMAIL = 0.10 / 1000;
    private static final String ITEMS = RequestCounts.ITEMS;
    private static final String CAPACITY = CapacityMeter.PREFIX;

    /** Counted calls of one measured window, and what they cost. */
    record Bill(long sqs, long dynamoWrites, long dynamoReads, long dynamoItemsWritten, long dynamoItemsRead, double writeUnits,
                double readUnits, long lambdaInvocations, double lambdaGbSeconds, long putEventsEntries, long webSocketMessages, long emails,
                long otherCalls) {
        double sqsCost() {
            return sqs * SQS_PER_REQUEST;
        }

        double dynamoCost() {
            return writeUnits * DYNAMODB_PER_WRU + readUnits * DYNAMODB_PER_RRU;
        }

        double lambdaRequestCost() {
            return lambdaInvocations * LAMBDA_PER_REQUEST;
        }

        double lambdaDurationCost() {
            return lambdaGbSeconds * LAMBDA_PER_GB_SECOND;
        }

        double eventBridgeCost() {
            return putEventsEntries * EVENTBRIDGE_PER_EVENT;
        }

        double webSocketCost() {
            return webSocketMessages * WEBSOCKET_PER_MESSAGE;
        }

        double sesCost() {
            return emails * SES_PER_EMAIL;
        }

        /** Everything but SES (the target excludes it). */
        double totalExcludingSes() {
            return sqsCost() + dynamoCost() + lambdaRequestCost() + lambdaDurationCost() + eventBridgeCost() + webSocketCost();
        }
    }

    private CostModel() {
    }

    /**
     * @param calls            {@code service:Operation} to count, for one window, and the item counts of DynamoDB's batch
     *                         operations ({@code dynamodb-items:Operation})
     * @param invocations      Lambda invocations in the window
     * @param gbSeconds        handler time times memory, in the window
     * @param putEventsEntries events published (EventBridge bills entries, not calls)
     */
    static Bill bill(Map<String, Long> calls, long invocations, double gbSeconds, long putEventsEntries) {
        long sqs = 0;
        long writes = 0;
        long reads = 0;
        long itemsWritten = 0;
        long itemsRead = 0;
        long ws = 0;
        long emails = 0;
        long other = 0;
        for (var e : calls.entrySet()) {
            String key = e.getKey();
            long n = e.getValue();
            String op = key.substring(key.indexOf(':') + 1);
            if (key.startsWith(ITEMS) || key.startsWith(CAPACITY)) {
                continue;
            }
            if (key.startsWith("sqs:")) {
                sqs += n;
            } else if (key.startsWith("dynamodb:")) {
                if (op.startsWith("Put") || op.startsWith("Update") || op.startsWith("Delete") || op.startsWith("BatchWrite")
                        || op.startsWith("TransactWrite") || op.equals("BatchExecuteStatement")) {
                    writes += n;
                    itemsWritten += calls.getOrDefault(ITEMS + op, n);
                } else {
                    reads += n;
                    itemsRead += calls.getOrDefault(ITEMS + op, n);
                }
            } else if (key.equals("execute-api:PostToConnection")) {
                ws += n;
            } else if (key.equals("ses:SendEmail")) {
                emails += n;
            } else if (!key.startsWith("events:") && !key.startsWith("lambda:") && !key.startsWith("http:")) {
                other += n;
            }
        }
        double writeUnits = calls.getOrDefault(CapacityMeter.WRITE_UNITS, 0L) / 1000.0;
        double readUnits = calls.getOrDefault(CapacityMeter.READ_UNITS, 0L) / 1000.0;
        return new Bill(sqs, writes, reads, itemsWritten, itemsRead, writeUnits, readUnits, invocations, gbSeconds, putEventsEntries, ws, emails, other);
    }
}
