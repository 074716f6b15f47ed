package dev.herald.common.delivery;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.herald.common.aws.Backoff;
import dev.herald.common.concurrent.BoundedPool;
import dev.herald.common.config.ConfigException;
import dev.herald.common.config.EnvNames;
import dev.herald.common.config.Environment;
import dev.herald.common.config.Parallelism;
import dev.herald.common.json.Json;
import dev.herald.common.lambda.SqsBatch;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.LedgerEntry;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.common.topology.RetrySchedule;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exactly-once step every channel handler shares: claim the delivery in the ledger, send,
 * record the outcome. A message whose delivery is already final (a duplicate, or a redelivery after
 * the send succeeded) is acknowledged without sending again.
 *
 * <p>Claims: QUEUED or FAILED -> SENDING, per batch in one ledger request. A row found in SENDING under a claim
 * younger than {@link #SEND_LEASE} may be being sent by another attempt right now: this copy is not sent but retried
 * after the back-off (then the row is final, and the copy is acknowledged, or the claim has aged past the lease). A
 * SENDING claim older than the lease
 * belongs to an attempt that died mid-send: the delivery is claimed again and resent. Outcomes are written per batch
 * too, after the sends; an outcome that cannot be written never makes a sent message fail (it would be sent again).
 *
 * <p>Outcomes: Delivered -> SENT; Rejected -> its final status with the reason; Failed -> FAILED with
 * the reason, reported as a batch item failure so SQS retries it (and, after max receives, moves it
 * to the DLQ).
 *
 * <p>Retries back off: a failed message is made visible again after the {@link RetrySchedule}'s delay for
 * its receive count (1-2 s, 2-4 s, 4-8 s ... up to about 12 hours: exponential with jitter) instead of after the
 * queue's visibility timeout (6x the function timeout: 3 minutes for every retry). The channel queues'
 * maxReceiveCount comes from the same schedule ({@link HeraldTopology#CHANNEL_RETRY}: at least 24 hours of
 * retries), so a provider outage of hours delays deliveries instead of dead-lettering them; a delivery that
 * still fails after that reaches the DLQ, its ledger row FAILED with the last reason.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 *
 * <p>Deferrals: a message whose {@code notBefore} is ahead is handed to the {@link Deferrer} with the whole wait;
 * it decides how (SQS's delay up to 15 minutes, a one-time schedule beyond: {@link SqsDeferrer}).
 *
 * <p>Channel steps: a later step of a route ({@code ChannelMessage.steps}) is first asked whether it fires now, waits
 * or is cancelled because the notification was read ({@link StepHold}, {@code StepGate}); only a firing step is claimed
 * (PENDING -> SENDING) and sent.
 *
 * <p>Concurrency: the records of one batch are delivered side by side, at most {@code parallelism} at once
 * ({@value EnvNames#DELIVERY_PARALLELISM}, default {@value #DEFAULT_PARALLELISM}; 1 = one after another), on a
 * pool of this processor's own. A delivery is a few sequential requests (claim, lookup, provider, result), so a
 * batch takes about as long as its slowest record instead of the sum of all. Exactly-once does not depend on the
 * order: two copies of one delivery in one batch race for the same conditional claim, and one of them wins.
 * The pool ({@link BoundedPool}) starts its threads on first use and ends them after 30 s idle. The sender, the ledger and the
 * deferrer are called from several threads at once, and must be thread-safe (the SDK clients, Pushy and
 * firebase-admin are).
 */
public final class DeliveryProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryProcessor.class);

    /** Sends one claimed message; returns the outcome, never throws for provider answers. */
    @FunctionalInterface
    public interface Sender {
        DeliveryOutcome send(ChannelMessage message);
    }

    /** Puts a message back on its queue to be received after {@code delay}, i.e. at its {@code notBefore}. */
    @FunctionalInterface
    public interface Deferrer {
        void defer(ChannelMessage message, java.time.Duration delay);

        /**
         * Makes a received message that failed visible again after {@code delay} (SQS ChangeMessageVisibility).
         * The default does nothing: the queue's visibility timeout then decides when it returns.
         */
        default void retryAfter(String receiptHandle, java.time.Duration delay) {
        }
    }

    /** The delay before the n-th retry of a transient failure (the queue's maxReceiveCount, from the same schedule, decides how many). */
    public static final RetrySchedule RETRY = HeraldTopology.CHANNEL_RETRY;

    /** SQS's longest message delay. */
    public static final java.time.Duration MAX_DELAY = java.time.Duration.ofMinutes(15);

    /** Records of a batch delivered at once unless {@value EnvNames#DELIVERY_PARALLELISM} says otherwise: a whole batch of 10. */
    public static final int DEFAULT_PARALLELISM = Parallelism.DEFAULT;
    /** The most {@value EnvNames#DELIVERY_PARALLELISM} may ask for. */
    public static final int MAX_PARALLELISM = Parallelism.MAX;

    /** Statuses a delivery is claimed from. */
    // PENDING: a later channel step's row, claimed once its step fires (common/orchestration); SCHEDULED: a send at a
    // producer's sendAt, claimed when its message comes back at that time
    private static final Set<DeliveryStatus> CLAIMABLE = EnumSet.of(DeliveryStatus.QUEUED, DeliveryStatus.FAILED, DeliveryStatus.PENDING,
            DeliveryStatus.SCHEDULED);

    /**
     * How old a SENDING claim must be before another message for the delivery may take it over: the channel functions'
     * timeout. An attempt cannot outlive its invocation, so an older claim belongs to an attempt that died (its message
     * comes back only after the queue's visibility timeout, six times longer); a younger one may be sending right now,
     * and a second message for the delivery is then acknowledged as a duplicate (the first one's message stays on the
     * queue until that attempt ends, and comes back if it dies).
     */
    public static final java.time.Duration SEND_LEASE = HeraldTopology.FUNCTION_TIMEOUT;

    private final DeliveryLedger ledger;
    private final Sender sender;
    private final Clock clock;
    private final Deferrer deferrer;
    private final BoundedPool pool;
    private final StepHold steps;

    /** A processor that delivers a batch's records one after another. */
    public DeliveryProcessor(DeliveryLedger ledger, Sender sender, Clock clock, Deferrer deferrer) {
        this(ledger, sender, clock, deferrer, 1);
    }

    /** @param parallelism how many records of a batch are delivered at once (1: one after another) */
    public DeliveryProcessor(DeliveryLedger ledger, Sender sender, Clock clock, Deferrer deferrer, int parallelism) {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("parallelism " + parallelism + " is outside 1.." + MAX_PARALLELISM);
        }
        this.ledger = ledger;
        this.sender = sender;
        this.clock = clock;
        this.deferrer = deferrer;
        this.pool = new BoundedPool("herald-delivery", parallelism);
        this.steps = new StepHold(ledger, clock);
    }

    /**
     * {@value EnvNames#DELIVERY_PARALLELISM}: how many records of a batch a channel handler delivers at once.
     *
     * @throws ConfigException if it is not a whole number from 1 to {@value #MAX_PARALLELISM}
     */
    public static int parallelism(Environment env) {
        return Parallelism.fromEnvironment(env, EnvNames.DELIVERY_PARALLELISM, "records of a batch a channel handler delivers at once");
    }

    /**
     * Processes a batch of channel messages and answers with exactly the transient failures. The ledger is written per
     * batch: one request claims every delivery of the batch ({@link DeliveryLedger#claimAll}), the sends run side by
     * side, and one request records every outcome ({@link DeliveryLedger#recordResults}).
     */
    public SQSBatchResponse handle(SQSEvent event) {
        List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        Map<SQSEvent.SQSMessage, Prepared> prepared = prepare(records);
        Queue<DeliveryLedger.Result> results = new ConcurrentLinkedQueue<>();
        Map<String, DeliveryOutcome> outcomes = new ConcurrentHashMap<>();
        SQSBatchResponse response = SqsBatch.process(event, pool, record -> {
            int receives = SqsBatch.receiveCount(record);
            DeliveryOutcome outcome;
            try {
                outcome = switch (prepared.get(record)) {
                    case Prepared.Done done -> done.outcome();
                    case Prepared.Claimed claimed -> {
                        DeliveryOutcome sent = send(claimed.message());
                        result(claimed.message(), sent).ifPresent(results::add);
                        outcomes.put(claimed.message().deliveryId(), sent);
                        yield sent;
                    }
                    case Prepared.Unrecorded unrecorded -> claimUnrecorded(unrecorded.message())
                            ? deliverClaimed(unrecorded.message()) : duplicate(unrecorded.message(), null);
                };
            } catch (RuntimeException e) {
                backOff(record, receives);
                throw e;
            }
            if (outcome instanceof DeliveryOutcome.Failed) {
                backOff(record, receives);
            }
            return outcome;
        });
        recordAll(List.copyOf(results), outcomes);
        return response;
    }

    /** What a record needs before its send: an outcome already, or a claim won in the batch's one claim request. */
    private sealed interface Prepared {
        record Done(DeliveryOutcome outcome) implements Prepared {
        }

        record Claimed(ChannelMessage message) implements Prepared {
        }

        /** No ledger row: a message the router did not write (put on the queue by hand); recorded and claimed alone. */
        record Unrecorded(ChannelMessage message) implements Prepared {
        }
    }

    /** Reads every record, defers those not due, and claims the rest in one ledger request; each record (by identity) to what is next. */
    private Map<SQSEvent.SQSMessage, Prepared> prepare(List<SQSEvent.SQSMessage> records) {
        Map<SQSEvent.SQSMessage, Prepared> prepared = new java.util.IdentityHashMap<>();
        Map<SQSEvent.SQSMessage, ChannelMessage> toClaim = new LinkedHashMap<>();
        Map<String, SQSEvent.SQSMessage> firstRecordOf = new HashMap<>();
        for (SQSEvent.SQSMessage record : records) {
            ChannelMessage message;
            try {
                message = ChannelMessages.fromJson(record.getBody());
            } catch (Json.JsonException e) {
                prepared.put(record, new Prepared.Done(orFailed(() -> rejectMalformed(record, e))));
                continue;
            }
            if (message.steps() != null && message.steps().isFallback()) {
                // a later channel step: it fires now, waits, or is cancelled (read) before any claim
                DeliveryOutcome held;
                try {
                    held = steps.hold(message, deferrer);
                } catch (RuntimeException e) {
                    LOG.warn("step check failed; SQS will redeliver it error={}", e.toString());
                    held = DeliveryOutcome.failed(e.toString());
                }
                if (held != null) {
                    prepared.put(record, new Prepared.Done(held));
                    continue;
                }
            } else if (message.notBefore() != null && message.notBefore().isAfter(clock.instant())) {
                prepared.put(record, new Prepared.Done(orFailed(() -> defer(message))));
                continue;
            }
            if (firstRecordOf.putIfAbsent(message.deliveryId(), record) != null) {
                // two copies in one batch: the first one is claimed, this one is the duplicate
                prepared.put(record, new Prepared.Done(duplicate(message, DeliveryStatus.SENDING)));
                continue;
            }
            toClaim.put(record, message);
        }
        if (toClaim.isEmpty()) {
            return prepared;
        }
        DeliveryLedger.Claims claims;
        try {
            claims = ledger.claimAll(toClaim.values().stream().map(ChannelMessage::deliveryId).toList(), CLAIMABLE, SEND_LEASE);
        } catch (RuntimeException e) {
            LOG.warn("claim request failed; the batch's deliveries are retried error={}", e.toString());
            toClaim.keySet().forEach(r -> prepared.put(r, new Prepared.Done(DeliveryOutcome.failed("ledger claim failed: " + e))));
            return prepared;
        }
        toClaim.forEach((record, m) -> {
            DeliveryLedger.Claim claim = claims.answered().get(m.deliveryId());
            if (claim == null) {
                String why = claims.unanswered().getOrDefault(m.deliveryId(), "the ledger gave no answer");
                prepared.put(record, new Prepared.Done(DeliveryOutcome.failed("ledger claim not written: " + why)));
            } else if (claim.claimed()) {
                prepared.put(record, new Prepared.Claimed(m));
            } else if (claim.found() == null) {
                prepared.put(record, new Prepared.Unrecorded(m));
            } else if (claim.found() == DeliveryStatus.SENDING) {
                prepared.put(record, new Prepared.Done(busy(m)));
            } else {
                prepared.put(record, new Prepared.Done(duplicate(m, claim.found())));
            }
        });
        return prepared;
    }

    /** A step's outcome, or a transient failure when it throws (a ledger or queue fault): SQS retries that record alone. */
    private static DeliveryOutcome orFailed(java.util.function.Supplier<DeliveryOutcome> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            LOG.warn("record failed; SQS will redeliver it error={}", e.toString());
            return DeliveryOutcome.failed(e.toString());
        }
    }

    private DeliveryOutcome rejectMalformed(SQSEvent.SQSMessage record, Json.JsonException e) {
        // Not ours to retry: a malformed body never gets better. It gets a REJECTED ledger row of its own
        // (keyed by the SQS message id: it has no readable delivery id), so it is visible beyond the logs.
        String reason = "malformed channel message: " + e.getMessage();
        ledger.recordIfAbsent(LedgerEntry.about(DeliveryLedger.messageKey(record.getMessageId()), null, null,
                DeliveryStatus.REJECTED, reason, clock.instant()));
        LOG.error("malformed channel message rejected messageId={} reason={}", record.getMessageId(), e.getMessage());
        return new DeliveryOutcome.Rejected(reason);
    }

    private DeliveryOutcome defer(ChannelMessage m) {
        java.time.Duration wait = java.time.Duration.between(clock.instant(), m.notBefore());
        deferrer.defer(m, wait);
        LOG.info("delivery deferred deliveryId={} notBefore={}", m.deliveryId(), m.notBefore());
        return new DeliveryOutcome.Acknowledged("deferred until " + m.notBefore());
    }

    /**
     * Another attempt holds a young claim: it may be sending right now, or it may have died a moment ago (its message
     * then comes back only after the visibility timeout). Not sent now, not dropped either: retried after the back-off,
     * when the row is final (then acknowledged) or the claim is older than the lease (then taken over).
     */
    private static DeliveryOutcome busy(ChannelMessage m) {
        LOG.info("delivery busy: another attempt holds its claim; retried later deliveryId={}", m.deliveryId());
        return DeliveryOutcome.failed("another attempt is sending this delivery now (claimed less than " + SEND_LEASE.toSeconds()
                + " s ago); retried once it ends");
    }

    private static DeliveryOutcome duplicate(ChannelMessage m, DeliveryStatus found) {
        LOG.info("duplicate delivery skipped deliveryId={} status={}", m.deliveryId(), found == null ? "-" : found.wireName());
        return new DeliveryOutcome.Acknowledged(found == DeliveryStatus.SENDING
                ? "duplicate: another attempt is sending this delivery now" : "duplicate: the delivery is already claimed or finished");
    }

    /** Sends a claimed message; a sender that throws is a transient failure. */
    private DeliveryOutcome send(ChannelMessage m) {
        DeliveryOutcome outcome;
        try {
            outcome = sender.send(m);
        } catch (RuntimeException e) {
            outcome = new DeliveryOutcome.Failed("unexpected error: " + e);
        }
        // status as the ledger has it; the reason last, since it may hold spaces (herald up's console shows it)
        LOG.info("delivery outcome deliveryId={} channel={} userId={} outcome={} status={} traceId={} reason={}", m.deliveryId(),
                m.channel().wireName(), m.userId(), outcome.getClass().getSimpleName(), status(outcome).wireName(), m.traceId(), reason(outcome));
        return outcome;
    }

    /**
     * Writes a batch's outcomes in one request. A result that cannot be written does not fail its record: the send has
     * happened, and failing the record would send it again (the message would be retried). The row then stays SENDING;
     * see docs/RELIABILITY.md.
     */
    private void recordAll(List<DeliveryLedger.Result> results, Map<String, DeliveryOutcome> outcomes) {
        if (results.isEmpty()) {
            return;
        }
        Map<String, String> unwritten;
        try {
            unwritten = ledger.recordResults(results);
        } catch (RuntimeException e) {
            unwritten = new HashMap<>();
            for (DeliveryLedger.Result r : results) {
                unwritten.put(r.deliveryId(), e.toString());
            }
        }
        unwritten.forEach((id, why) -> LOG.error("delivery outcome not recorded; the row stays sending and the message is not sent again"
                + " deliveryId={} outcome={} reason={}", id, outcomes.get(id) == null ? "-" : outcomes.get(id).getClass().getSimpleName(), why));
    }

    private static Optional<DeliveryLedger.Result> result(ChannelMessage m, DeliveryOutcome outcome) {
        return switch (outcome) {
            case DeliveryOutcome.Delivered d -> Optional.of(new DeliveryLedger.Result(m.deliveryId(), DeliveryStatus.SENT, null));
            case DeliveryOutcome.Rejected r -> Optional.of(new DeliveryLedger.Result(m.deliveryId(), r.ledgerStatus(), r.reason()));
            case DeliveryOutcome.Failed f -> Optional.of(new DeliveryLedger.Result(m.deliveryId(), DeliveryStatus.FAILED, f.reason()));
            // nothing was sent: the claim's row stays as the sender left it
            case DeliveryOutcome.Acknowledged a -> Optional.empty();
        };
    }

    private void backOff(SQSEvent.SQSMessage record, int receives) {
        if (record.getReceiptHandle() == null) {
            return;
        }
        java.time.Duration delay = RETRY.delayBefore(receives);
        try {
            deferrer.retryAfter(record.getReceiptHandle(), delay);
        } catch (RuntimeException e) {
            // the queue's visibility timeout still brings it back, only later
            LOG.warn("could not set the retry delay; the visibility timeout applies messageId={} error={}", record.getMessageId(), e.toString());
        }
    }

    /**
     * Delivers one message on its own (claim, send, record: three requests); {@link #handle} does the same per batch.
     * {@code receiveCount} is SQS's ApproximateReceiveCount (1 the first time); whether a SENDING row is taken over
     * depends on its claim's age ({@link #SEND_LEASE}), not on it.
     */
    public DeliveryOutcome deliver(ChannelMessage m, int receiveCount) {
        if (m.steps() != null && m.steps().isFallback()) {
            DeliveryOutcome held = steps.hold(m, deferrer);
            if (held != null) {
                return held;
            }
        } else if (m.notBefore() != null && m.notBefore().isAfter(clock.instant())) {
            return defer(m);
        }
        DeliveryLedger.Claims claims = ledger.claimAll(List.of(m.deliveryId()), CLAIMABLE, SEND_LEASE);
        DeliveryLedger.Claim claim = claims.answered().get(m.deliveryId());
        if (claim == null) {
            return DeliveryOutcome.failed("ledger claim not written: " + claims.unanswered().get(m.deliveryId()));
        }
        if (claim.claimed()) {
            return deliverClaimed(m);
        }
        if (claim.found() == null && claimUnrecorded(m)) {
            return deliverClaimed(m);
        }
        return claim.found() == DeliveryStatus.SENDING ? busy(m) : duplicate(m, claim.found());
    }

    private DeliveryOutcome deliverClaimed(ChannelMessage m) {
        DeliveryOutcome outcome = send(m);
        Map<String, DeliveryOutcome> outcomes = Map.of(m.deliveryId(), outcome);
        recordAll(result(m, outcome).stream().toList(), outcomes);
        return outcome;
    }

    private static DeliveryStatus status(DeliveryOutcome outcome) {
        return switch (outcome) {
            case DeliveryOutcome.Delivered d -> DeliveryStatus.SENT;
            case DeliveryOutcome.Rejected r -> r.ledgerStatus();
            case DeliveryOutcome.Failed f -> DeliveryStatus.FAILED;
            // a sender that sent nothing leaves the claim as it is (record() writes nothing)
            case DeliveryOutcome.Acknowledged a -> DeliveryStatus.SENDING;
        };
    }

    private static String reason(DeliveryOutcome outcome) {
        return switch (outcome) {
            case DeliveryOutcome.Delivered d -> "-";
            case DeliveryOutcome.Rejected r -> r.reason();
            case DeliveryOutcome.Failed f -> f.reason();
            case DeliveryOutcome.Acknowledged a -> a.reason();
        };
    }

    /** Writes an outcome for a claimed delivery. */
    public void record(ChannelMessage m, DeliveryOutcome outcome) {
        result(m, outcome).ifPresent(r -> ledger.transition(m.deliveryId(), EnumSet.of(DeliveryStatus.SENDING), r.to(), r.reason()));
    }

    /**
     * The router writes the QUEUED row before sending; a message without one was put on the queue by hand or by
     * another producer. Record it, then claim it.
     */
    private boolean claimUnrecorded(ChannelMessage m) {
        ledger.recordIfAbsent(LedgerEntry.queued(m, clock.instant()));
        return ledger.transition(m.deliveryId(), EnumSet.of(DeliveryStatus.QUEUED), DeliveryStatus.SENDING, null);
    }
}
