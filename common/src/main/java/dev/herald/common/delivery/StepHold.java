package dev.herald.common.delivery;

import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.orchestration.StepGate;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies the {@link StepGate}'s decision to a received later-step message; package-private part of {@link DeliveryProcessor}. */
final class StepHold {
    private static final Logger LOG = LoggerFactory.getLogger(StepHold.class);

    private final StepGate gate;
    private final DeliveryLedger ledger;
    private final Clock clock;

    StepHold(DeliveryLedger ledger, Clock clock) {
        this.gate = new StepGate(ledger, clock);
        this.ledger = ledger;
        this.clock = clock;
    }

    /** The outcome when the step does not fire now (cancelled, or put back to wait); null when it fires. */
    DeliveryOutcome hold(ChannelMessage m, DeliveryProcessor.Deferrer deferrer) {
        switch (gate.decide(m)) {
            case StepGate.Decision.Fire f -> {
                return null;
            }
            case StepGate.Decision.Cancel c -> {
                boolean moved = ledger.transition(m.deliveryId(), StepGate.CANCELLABLE, DeliveryStatus.CANCELLED, c.reason());
                LOG.info("step cancelled deliveryId={} channel={} step={} moved={} reason={}", m.deliveryId(), m.channel().wireName(),
                        m.steps().index(), moved, c.reason());
                return new DeliveryOutcome.Acknowledged("step cancelled: " + c.reason());
            }
            case StepGate.Decision.Wait w -> {
                Duration wait = Duration.between(clock.instant(), w.until());
                deferrer.defer(m, wait);
                LOG.info("step waits deliveryId={} channel={} step={} until={}", m.deliveryId(), m.channel().wireName(), m.steps().index(), w.until());
                return new DeliveryOutcome.Acknowledged("step waits until " + w.until());
            }
        }
    }
}
