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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exactly-once step every channel handler shares: claim the delivery in the ledger, send,
 * record the outcome. A message whose delivery is already final (a duplicate, or a redelivery after
 * the send succeeded) is acknowledged without sending again.
 *
 * <p>Claims: QUEUED or FAILED -> SENDING. A row found in SENDING means another copy is being sent
 * (first receive: this copy is a duplicate and is dropped) or an earlier attempt died mid-send
 * (a redelivery: SQS only redelivers after the visibility timeout, 6x the function timeout, so that
 * attempt is over; the delivery is claimed again and resent).
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

    /** Processes a batch of channel messages and answers with exactly the transient failures. */
    public SQSBatchResponse handle(SQSEvent event) {
        return SqsBatch.process(event, pool, record -> {
            ChannelMessage message;
            try {
                message = ChannelMessages.fromJson(record.getBody());
            } catch (Json.JsonException e) {
                // Not ours to retry: a malformed body never gets better. It gets a REJECTED ledger row of its own
                // (keyed by the SQS message id: it has no readable delivery id), so it is visible beyond the logs.
                String reason = "malformed channel message: " + e.getMessage();
                Instant now = clock.instant();
                ledger.recordIfAbsent(LedgerEntry.about(DeliveryLedger.messageKey(record.getMessageId()), null, null,
                        DeliveryStatus.REJECTED, reason, now));
                LOG.error("malformed channel message rejected messageId={} reason={}", record.getMessageId(), e.getMessage());
                return new DeliveryOutcome.Rejected(reason);
            }
            int receives = SqsBatch.receiveCount(record);
            DeliveryOutcome outcome;
            try {
                outcome = deliver(message, receives);
            } catch (RuntimeException e) {
                backOff(record, receives);
                throw e;
            }
            if (outcome instanceof DeliveryOutcome.Failed) {
                backOff(record, receives);
            }
            return outcome;
        });
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

    /** Delivers one message; {@code receiveCount} is SQS's ApproximateReceiveCount (1 the first time). */
    public DeliveryOutcome deliver(ChannelMessage m, int receiveCount) {
        if (m.steps() != null && m.steps().isFallback()) {
            DeliveryOutcome held = steps.hold(m, deferrer);
            if (held != null) {
                return held;
            }
        } else if (m.notBefore() != null && m.notBefore().isAfter(clock.instant())) {
            java.time.Duration wait = java.time.Duration.between(clock.instant(), m.notBefore());
            deferrer.defer(m, wait);
            LOG.info("delivery deferred deliveryId={} notBefore={}", m.deliveryId(), m.notBefore());
            return new DeliveryOutcome.Acknowledged("deferred until " + m.notBefore());
        }
        if (!claim(m, receiveCount)) {
            return new DeliveryOutcome.Acknowledged("duplicate: the delivery is already claimed or finished");
        }
        DeliveryOutcome outcome;
        try {
            outcome = sender.send(m);
        } catch (RuntimeException e) {
            outcome = new DeliveryOutcome.Failed("unexpected error: " + e);
        }
        record(m, outcome);
        // status as the ledger has it; the reason last, since it may hold spaces (herald up's console shows it)
        LOG.info("delivery outcome deliveryId={} channel={} userId={} outcome={} status={} traceId={} reason={}", m.deliveryId(),
                m.channel().wireName(), m.userId(), outcome.getClass().getSimpleName(), status(outcome).wireName(), m.traceId(), reason(outcome));
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
        EnumSet<DeliveryStatus> from = EnumSet.of(DeliveryStatus.SENDING);
        switch (outcome) {
            case DeliveryOutcome.Delivered d -> ledger.transition(m.deliveryId(), from, DeliveryStatus.SENT, null);
            case DeliveryOutcome.Rejected r -> ledger.transition(m.deliveryId(), from, r.ledgerStatus(), r.reason());
            case DeliveryOutcome.Failed f -> ledger.transition(m.deliveryId(), from, DeliveryStatus.FAILED, f.reason());
            case DeliveryOutcome.Acknowledged a -> {
                // nothing was sent: the claim's row stays as the caller left it
            }
        }
    }

    private boolean claim(ChannelMessage m, int receiveCount) {
        DeliveryLedger.Claim claim = ledger.claimForSending(m.deliveryId(),
                EnumSet.of(DeliveryStatus.QUEUED, DeliveryStatus.FAILED, DeliveryStatus.PENDING, DeliveryStatus.SCHEDULED), null);
        if (claim.claimed()) {
            return true;
        }
        DeliveryStatus status = claim.found();
        if (status == null) {
            // The router writes the QUEUED row before sending; a message without one was put on the queue
            // by hand or by another producer. Record it, then claim it.
            ledger.recordIfAbsent(LedgerEntry.queued(m, clock.instant()));
            return ledger.transition(m.deliveryId(), EnumSet.of(DeliveryStatus.QUEUED), DeliveryStatus.SENDING, null);
        }
        if (status == DeliveryStatus.SENDING && receiveCount > 1) {
            return ledger.transition(m.deliveryId(), EnumSet.of(DeliveryStatus.SENDING), DeliveryStatus.SENDING, "resent after an interrupted attempt");
        }
        LOG.info("duplicate delivery skipped deliveryId={} status={}", m.deliveryId(), status.wireName());
        return false;
    }
}
