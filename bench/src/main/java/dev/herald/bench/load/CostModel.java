package dev.herald.bench.load;

import dev.herald.local.RequestCounts;
import java.util.Map;

/**
 * AWS list prices (us-east-1, on-demand, past the free tiers) and what a set of counted calls costs.
 * Prices as published on the AWS pricing pages for SQS, DynamoDB, Lambda, EventBridge, API Gateway and
 * SES, checked 2026-12-01 (see docs/BENCHMARKS.md). DynamoDB bills capacity units per item, not requests:
 * every item written (one per single-item write request, each put or delete of a BatchWriteItem) is taken as
 * 2 WRU (an item under 1 KB plus one GSI update: the ledger and the connections table each have a
 * {@code byUser} index) and every item read (one per GetItem or Query, each key of a BatchGetItem) as 1 RRU
 * (up to 4 KB strongly consistent) - an upper bound for Herald's small items.
 */
final class CostModel {
    static final double SQS_PER_REQUEST = 0.40 / 1e6;
    static final double DYNAMODB_PER_WRU = 0.625 / 1e6;
    static final double DYNAMODB_PER_RRU = 0.125 / 1e6;
    static final double WRU_PER_WRITE = 2;
    static final double RRU_PER_READ = 1;
    static final double LAMBDA_PER_REQUEST = 0.20 / 1e6;
    static final double LAMBDA_PER_GB_SECOND = 0.0000166667;
    static final double EVENTBRIDGE_PER_EVENT = 1.00 / 1e6;
    static final double WEBSOCKET_PER_MESSAGE = 1.00 / 1e6;
    static final double SES_PER_EMAIL = 0.10 / 1000;
    private static final String ITEMS = RequestCounts.ITEMS;

    /** Counted calls of one measured window, and what they cost. */
    record Bill(long sqs, long dynamoWrites, long dynamoReads, long dynamoItemsWritten, long dynamoItemsRead, long lambdaInvocations,
                double lambdaGbSeconds, long putEventsEntries, long webSocketMessages, long emails, long otherCalls) {
        double sqsCost() {
            return sqs * SQS_PER_REQUEST;
        }

        double dynamoCost() {
            return dynamoItemsWritten * WRU_PER_WRITE * DYNAMODB_PER_WRU + dynamoItemsRead * RRU_PER_READ * DYNAMODB_PER_RRU;
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
            if (key.startsWith(ITEMS)) {
                continue;
            }
            if (key.startsWith("sqs:")) {
                sqs += n;
            } else if (key.startsWith("dynamodb:")) {
                if (op.startsWith("Put") || op.startsWith("Update") || op.startsWith("Delete") || op.startsWith("BatchWrite")
                        || op.startsWith("TransactWrite")) {
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
        return new Bill(sqs, writes, reads, itemsWritten, itemsRead, invocations, gbSeconds, putEventsEntries, ws, emails, other);
    }
}
