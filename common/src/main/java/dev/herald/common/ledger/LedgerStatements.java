package dev.herald.common.ledger;

import dev.herald.common.aws.Backoff;
import dev.herald.common.time.SortableInstants;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementErrorCodeEnum;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * The ledger's batch moves: up to 25 conditional updates in one {@code BatchExecuteStatement} call (PartiQL), each
 * with a condition of its own and an answer of its own, at one write unit each. Unlike {@code TransactWriteItems}
 * (two write units an item, and the whole call refused when one condition fails) a refused condition refuses that
 * statement only; unlike {@code BatchWriteItem}, a statement may be conditional. Statements DynamoDB did not run
 * (throttling, a conflicting transaction) are sent again with back-off, a bounded number of times.
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchExecuteStatement.html
 */
final class LedgerStatements {
    /** BatchExecuteStatement takes at most 25 statements. */
    static final int STATEMENTS = 25;
    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(50), Duration.ofMillis(800), 4);

    /** One conditional update: the PartiQL text and its parameters. */
    record Move(String deliveryId, String statement, List<AttributeValue> parameters) {
    }

    /**
     * How one move came out.
     *
     * @param moved   the condition held and the row was written
     * @param old     when refused: the row as it was (empty if there was none), or null if DynamoDB did not say
     * @param error   when neither moved nor refused: DynamoDB's last answer (the statement was not run)
     */
    record Answer(boolean moved, Map<String, AttributeValue> old, String error) {
        boolean refused() {
            return !moved && error == null;
        }
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    LedgerStatements(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /**
     * A move of a row to {@code to} when its status is one of {@code from}, or SENDING with a claim older than
     * {@code sendingLease} when that is not null; sets {@code reason} (null removes it); moving to SENDING counts an attempt.
     */
    Move move(String deliveryId, Set<DeliveryStatus> from, Duration sendingLease, DeliveryStatus to, String reason) {
        return move(deliveryId, from, sendingLease, to, reason, null);
    }

    /**
     * As {@link #move(String, Set, Duration, DeliveryStatus, String)}, also writing {@code claimToken} (the claimer's
     * id): a statement DynamoDB ran but whose answer was lost (a timeout, then the SDK's retry) is then recognised as
     * this claimer's own claim instead of another attempt's.
     */
    Move move(String deliveryId, Set<DeliveryStatus> from, Duration sendingLease, DeliveryStatus to, String reason, String claimToken) {
        Instant now = clock.instant();
        List<AttributeValue> p = new ArrayList<>();
        StringBuilder s = new StringBuilder("UPDATE \"").append(table).append("\" SET \"status\" = ? SET \"updatedAt\" = ?");
        p.add(AttributeValue.fromS(to.wireName()));
        p.add(AttributeValue.fromS(SortableInstants.format(now)));
        if (to == DeliveryStatus.SENDING) {
            s.append(" SET \"attempts\" = \"attempts\" + ?");
            p.add(AttributeValue.fromN("1"));
        }
        if (claimToken != null) {
            s.append(" SET \"claimToken\" = ?");
            p.add(AttributeValue.fromS(claimToken));
        }
        if (reason != null) {
            s.append(" SET \"reason\" = ?");
            p.add(AttributeValue.fromS(reason));
        } else {
            s.append(" REMOVE \"reason\"");
        }
        s.append(" WHERE \"deliveryId\" = ? AND (\"status\" IN [");
        p.add(AttributeValue.fromS(deliveryId));
        List<String> marks = new ArrayList<>();
        for (DeliveryStatus f : from) {
            marks.add("?");
            p.add(AttributeValue.fromS(f.wireName()));
        }
        s.append(String.join(", ", marks)).append("]");
        if (sendingLease != null) {
            // a claim older than the lease belongs to an attempt that is over (it cannot outlive its function's timeout)
            s.append(" OR (\"status\" = ? AND \"updatedAt\" < ?)");
            p.add(AttributeValue.fromS(DeliveryStatus.SENDING.wireName()));
            p.add(AttributeValue.fromS(SortableInstants.format(now.minus(sendingLease))));
        }
        s.append(")");
        return new Move(deliveryId, s.toString(), p);
    }

    /**
     * An insert of {@code item} (keyed {@code deliveryId}) that DynamoDB refuses when the key exists: refused, its answer
     * is {@link Answer#refused()} without the old row (PartiQL's {@code DuplicateItem} returns none).
     */
    Move insert(Map<String, AttributeValue> item) {
        List<AttributeValue> p = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        item.forEach((name, value) -> {
            fields.add("'" + name + "': ?");
            p.add(value);
        });
        return new Move(item.get("deliveryId").s(), "INSERT INTO \"" + table + "\" VALUE {" + String.join(", ", fields) + "}", p);
    }

    /**
     * An update of an existing row that sets {@code set} and removes {@code remove}, without a condition of its own
     * (PartiQL's UPDATE refuses a row that does not exist).
     */
    Move update(String deliveryId, Map<String, AttributeValue> set, List<String> remove) {
        List<AttributeValue> p = new ArrayList<>();
        StringBuilder s = new StringBuilder("UPDATE \"").append(table).append("\"");
        set.forEach((name, value) -> {
            s.append(" SET \"").append(name).append("\" = ?");
            p.add(value);
        });
        remove.forEach(name -> s.append(" REMOVE \"").append(name).append("\""));
        s.append(" WHERE \"deliveryId\" = ?");
        p.add(AttributeValue.fromS(deliveryId));
        return new Move(deliveryId, s.toString(), p);
    }

    /** Runs the moves (distinct ids), 25 a call; every move gets an answer. */
    Map<String, Answer> run(List<Move> moves) {
        Map<String, Answer> answers = new LinkedHashMap<>();
        for (int i = 0; i < moves.size(); i += STATEMENTS) {
            List<Move> pending = moves.subList(i, Math.min(moves.size(), i + STATEMENTS));
            Map<String, String> lastError = new HashMap<>();
            for (int attempt = 1; attempt <= BACKOFF.maxAttempts() && !pending.isEmpty(); attempt++) {
                if (attempt > 1) {
                    BACKOFF.sleepBefore(attempt - 1);
                }
                List<Move> sent = pending;
                List<BatchStatementResponse> responses;
                try {
                    responses = dynamo.batchExecuteStatement(r -> r.statements(sent.stream().map(m -> BatchStatementRequest.builder()
                            .statement(m.statement()).parameters(m.parameters())
                            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).toList())).responses();
                } catch (SdkException e) {
                    sent.forEach(m -> lastError.put(m.deliveryId(), "BatchExecuteStatement failed: " + e.getMessage()));
                    continue;
                }
                List<Move> again = new ArrayList<>();
                for (int j = 0; j < sent.size(); j++) {
                    Move m = sent.get(j);
                    var error = j < responses.size() ? responses.get(j).error() : null;
                    if (error == null) {
                        answers.put(m.deliveryId(), new Answer(true, null, null));
                    } else if (error.code() == BatchStatementErrorCodeEnum.CONDITIONAL_CHECK_FAILED) {
                        answers.put(m.deliveryId(), new Answer(false, error.hasItem() ? error.item() : null, null));
                    } else if (error.code() == BatchStatementErrorCodeEnum.DUPLICATE_ITEM) {
                        answers.put(m.deliveryId(), new Answer(false, null, null));
                    } else {
                        lastError.put(m.deliveryId(), error.codeAsString() + ": " + error.message());
                        again.add(m);
                    }
                }
                pending = again;
            }
            for (Move m : pending) {
                answers.put(m.deliveryId(), new Answer(false, null, "not written after " + BACKOFF.maxAttempts()
                        + " BatchExecuteStatement attempts: " + lastError.get(m.deliveryId())));
            }
        }
        return answers;
    }
}
