package dev.herald.router;

import dev.herald.common.delivery.DeliveryOutcome;
import dev.herald.common.enrichment.EnrichmentRequest;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.router.Phase.Claimed;
import dev.herald.router.Phase.Identified;
import dev.herald.router.Phase.Step;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claim phase of a record ({@link BatchRouter}): the notification (or audience chunk) is claimed in the ledger - a
 * copy already routed is only acknowledged, a copy that finds another one routing it right now is retried later - and
 * its recipients are expanded. An audience of one chunk (at most {@link EnrichmentRequest#MAX_USERS} users) goes on to be
 * routed by this record; a larger one is split into chunk messages on the ingress queue ({@link AudienceChunks}), each
 * routed like a notification of its own users under a claim of its own, and the notification's claim is completed once
 * every chunk is on the queue.
 */
final class ClaimPhase {
    private static final Logger LOG = LoggerFactory.getLogger(ClaimPhase.class);

    private final DeliveryLedger ledger;
    private final RecipientExpander recipients;
    private final SqsBatchSender sender;
    private final String ingressQueueUrl;
    private final RecordFailures failures;

    ClaimPhase(DeliveryLedger ledger, RecipientExpander recipients, SqsBatchSender sender, String ingressQueueUrl, RecordFailures failures) {
        this.ledger = ledger;
        this.recipients = recipients;
        this.sender = sender;
        this.ingressQueueUrl = ingressQueueUrl;
        this.failures = failures;
    }

    /**
     * Claims an identified record and finds the users it routes itself; a record whose audience is larger than one chunk
     * ends here, its audience split into chunk messages. A copy already routed, or being routed by another copy, ends here.
     */
    Step<Claimed> claimAndExpand(Identified id) {
        return claimAndExpand(id, Map.of());
    }

    /**
     * Claims the records' notifications never claimed before together ({@link DeliveryLedger#claimNewNotifications}); a fault
     * there leaves every record to {@link #claimAndExpand(Identified, Map)}'s own claim.
     */
    Map<String, DeliveryLedger.NotificationClaim> claimNew(List<Identified> identified) {
        if (identified.size() < 2) {
            return Map.of(); // one record: its own conditional PutItem is the same one call
        }
        Map<String, String> eventTypes = new LinkedHashMap<>();
        identified.forEach(id -> eventTypes.put(id.claimId(), id.plan().eventType()));
        try {
            return ledger.claimNewNotifications(eventTypes);
        } catch (RuntimeException e) {
            LOG.warn("batch claim failed, claiming record by record records={} error={}", identified.size(), e.toString());
            return Map.of();
        }
    }

    /** As {@link #claimAndExpand(Identified)}, with the claim already taken when {@code claimed} holds it. */
    Step<Claimed> claimAndExpand(Identified id, Map<String, DeliveryLedger.NotificationClaim> claimed) {
        RoutingPlan.Routed plan = id.plan();
        DeliveryLedger.NotificationClaim taken = claimed.get(id.claimId());
        DeliveryLedger.NotificationClaim claim = taken != null ? taken : ledger.claimNotification(id.claimId(), plan.eventType());
        switch (claim) {
            case DONE -> {
                LOG.info("duplicate event acknowledged notificationId={} claim={} eventId={}", plan.notificationId(), id.claimId(), plan.eventId());
                return Step.done(new DeliveryOutcome.Acknowledged("duplicate event: the notification is already routed"));
            }
            case BUSY -> {
                // Another copy holds the claim and is routing it now: routing side by side would queue a second set of
                // messages. SQS hands this copy back after a back-off (IngressBackOff); by then it is a DONE duplicate.
                LOG.info("duplicate event being routed by another copy, will be retried notificationId={} claim={} eventId={}",
                        plan.notificationId(), id.claimId(), plan.eventId());
                return Step.done(new DeliveryOutcome.Failed("another copy of notification " + plan.notificationId()
                        + " is being routed right now; this copy is retried and then acknowledged as a duplicate"));
            }
            default -> {
                // NEW or INCOMPLETE: this record holds the claim; a failure from here on is written to the claim's row
                Claimed held = new Claimed(id, claim, List.of());
                try {
                    return expand(held);
                } catch (RuntimeException e) {
                    return Step.done(failures.failOn(held, e));
                }
            }
        }
    }

    private Step<Claimed> expand(Claimed held) {
        Identified id = held.identified();
        if (id.chunk() != null) {
            return Step.next(new Claimed(id, held.claim(), id.chunk().users()));
        }
        Iterator<List<String>> chunks = recipients.chunks(id.plan().recipients());
        if (!chunks.hasNext()) {
            return Step.next(held);
        }
        List<String> first = chunks.next();
        if (!chunks.hasNext()) {
            return Step.next(new Claimed(id, held.claim(), first));
        }
        return Step.done(split(held, new Iterator<>() {
            private boolean firstTaken;

            @Override
            public boolean hasNext() {
                return !firstTaken || chunks.hasNext();
            }

            @Override
            public List<String> next() {
                if (!firstTaken) {
                    firstTaken = true;
                    return first;
                }
                return chunks.next();
            }
        }));
    }

    /** Puts the audience on the ingress queue as chunk messages, then completes the notification's claim. */
    private DeliveryOutcome split(Claimed held, Iterator<List<String>> chunks) {
        Identified id = held.identified();
        int messages = 0;
        Map<String, String> failed = new LinkedHashMap<>();
        for (var call : AudienceChunks.messages(id.received().message().getBody(), id.plan().notificationId(), chunks)) {
            messages += call.size();
            sender.send(ingressQueueUrl, call).forEach((index, why) -> failed.put(index, why));
        }
        if (!failed.isEmpty()) {
            var first = failed.entrySet().iterator().next();
            return failures.fail(held, failed.size() + " of " + messages + " audience chunk(s) not put on the ingress queue, first: chunk "
                    + first.getKey() + " refused " + first.getValue());
        }
        ledger.completeNotification(id.claimId());
        LOG.info("audience split into chunks notificationId={} eventType={} claim={} chunks={}", id.plan().notificationId(),
                id.plan().eventType(), held.claim(), messages);
        return new DeliveryOutcome.Acknowledged("audience split into " + messages + " chunk messages");
    }
}
