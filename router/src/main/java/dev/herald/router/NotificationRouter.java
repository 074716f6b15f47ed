package dev.herald.router;

import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.delivery.DeliveryOutcome;
import dev.herald.common.delivery.DeliveryProcessor;
import dev.herald.common.delivery.RenderedContent;
import dev.herald.common.enrichment.EnrichmentRequest;
import dev.herald.common.enrichment.EnrichmentResponse;
import dev.herald.common.event.Channel;
import dev.herald.common.event.Priority;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.LedgerEntry;
import dev.herald.common.store.Preferences;
import dev.herald.router.Phase.Claimed;
import dev.herald.router.Phase.Identified;
import dev.herald.router.Phase.InFlight;
import dev.herald.router.Phase.Planned;
import dev.herald.router.Phase.Received;
import dev.herald.router.Phase.Sent;
import dev.herald.router.Phase.Step;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's per-record phases, run by {@link BatchRouter} for every record of a batch; each takes the previous
 * phase's result and returns its own ({@link Phase}). Rejected and unrouted events
 * become one ledger row each. A routed notification is claimed in the ledger (a copy already routed is only
 * acknowledged; a copy that finds another one routing it right now is retried later) and its recipients expanded. An
 * audience of one chunk (at most {@link EnrichmentRequest#MAX_USERS} users) is routed by this record: preferences,
 * enrichment, ledger rows, channel messages; a larger one is split into chunk messages on the ingress queue
 * ({@link AudienceChunks}), each routed like a notification of its own users under a claim of its own, and the
 * notification's claim is completed once every chunk is on the queue.
 *
 * <p>Outcomes: {@code Failed} when the enrichment call, a channel queue, the ingress queue or a store failed (SQS
 * redelivers the record; routing again is idempotent; the reason is recorded on the claim's ledger row first), else
 * {@code Delivered}.
 */
final class NotificationRouter {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationRouter.class);

    private final DeliveryLedger ledger;
    private final RecipientExpander recipients;
    private final PreferenceFilter filter = new PreferenceFilter();
    private final LambdaEnricher enricher;
    private final SqsBatchSender sender;
    private final String ingressQueueUrl;
    private final Clock clock;

    /** @param enricher null when no enrichment function is configured (no route enriches then) */
    NotificationRouter(DeliveryLedger ledger, RecipientExpander recipients, LambdaEnricher enricher, SqsBatchSender sender,
                       String ingressQueueUrl, Clock clock) {
        this.ledger = ledger;
        this.recipients = recipients;
        this.enricher = enricher;
        this.sender = sender;
        this.ingressQueueUrl = ingressQueueUrl;
        this.clock = clock;
    }

    /**
     * Records a rejected or unrouted plan; names a routed one's claim. Runs record by record, in order.
     *
     * @param chunk the audience chunk the record carries, or null for an event from the bus
     * @return the record to claim ({@link #claimAndExpand}), or its outcome
     */
    Step<Identified> identify(Received received, RoutingPlan plan, AudienceChunks.Chunk chunk) {
        return switch (plan) {
            case RoutingPlan.Rejected r -> {
                ledger.recordIfAbsent(eventRow(r.ledgerKey(), r.eventId(), r.eventType(), DeliveryStatus.REJECTED, r.reason()));
                LOG.warn("event rejected eventId={} ledgerKey={} reason={}", r.eventId(), r.ledgerKey(), r.reason());
                yield Step.done(new DeliveryOutcome.Rejected(r.reason()));
            }
            case RoutingPlan.Unrouted u -> {
                ledger.recordIfAbsent(eventRow(u.ledgerKey(), u.notificationId(), u.eventType(), DeliveryStatus.UNROUTED, u.reason()));
                LOG.warn("event unrouted eventId={} eventType={} reason={}", u.eventId(), u.eventType(), u.reason());
                yield Step.done(new DeliveryOutcome.Rejected(u.reason(), DeliveryStatus.UNROUTED));
            }
            case RoutingPlan.Routed r -> {
                if (chunk != null && !chunk.notificationId().equals(r.notificationId())) {
                    yield Step.done(reject(received, "message attribute " + AudienceChunks.ATTRIBUTE + " names notification "
                            + chunk.notificationId() + " but the body is notification " + r.notificationId()
                            + "; only Herald's router writes the attribute"));
                }
                yield Step.next(new Identified(received, r, chunk, chunk == null ? r.notificationId() : chunk.claimId()));
            }
        };
    }

    /** Rejects a record whose chunk attribute is not Herald's, into the ledger under the record's message id. */
    DeliveryOutcome reject(Received received, String reason) {
        String key = DeliveryLedger.messageKey(received.message().getMessageId());
        ledger.recordIfAbsent(eventRow(key, null, null, DeliveryStatus.REJECTED, reason));
        LOG.warn("ingress message rejected messageId={} reason={}", received.message().getMessageId(), reason);
        return new DeliveryOutcome.Rejected(reason);
    }

    /**
     * Claims an identified record and finds the users it routes itself; a record whose audience is larger than one chunk
     * ends here, its audience split into chunk messages. A copy already routed, or being routed by another copy, ends here.
     */
    Step<Claimed> claimAndExpand(Identified id) {
        RoutingPlan.Routed plan = id.plan();
        DeliveryLedger.NotificationClaim claim = ledger.claimNotification(id.claimId(), plan.eventType());
        switch (claim) {
            case DONE -> {
                LOG.info("duplicate event acknowledged notificationId={} claim={} eventId={}", plan.notificationId(), id.claimId(), plan.eventId());
                return Step.done(new DeliveryOutcome.Delivered());
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
                    return Step.done(failOn(held, e));
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
            return fail(held, failed.size() + " of " + messages + " audience chunk(s) not put on the ingress queue, first: chunk "
                    + first.getKey() + " refused " + first.getValue());
        }
        ledger.completeNotification(id.claimId());
        LOG.info("audience split into chunks notificationId={} eventType={} claim={} chunks={}", id.plan().notificationId(),
                id.plan().eventType(), held.claim(), messages);
        return new DeliveryOutcome.Delivered();
    }

    /** Applies preferences ({@code prefs}: the batch's, by user) and enrichment: the record's skipped and rejected rows and its messages. */
    Step<Planned> prepare(Claimed claimed, Map<String, Preferences> prefs) {
        RoutingPlan.Routed plan = claimed.identified().plan();
        Instant now = clock.instant();
        List<LedgerEntry> rows = new ArrayList<>();
        List<ChannelFanOut.Outgoing> outgoing = new ArrayList<>();
        int skipped = 0;
        int rejected = 0;
        Map<String, Map<Channel, Instant>> deliverable = new LinkedHashMap<>();
        for (String user : claimed.users()) {
            // Critical notifications ignore preferences.
            Preferences p = plan.priority() == Priority.CRITICAL ? null : prefs.get(user);
            for (Channel channel : plan.channels()) {
                switch (filter.decide(p, plan.category(), channel, plan.priority(), now)) {
                    case PreferenceFilter.Decision.Skip s -> {
                        rows.add(deliveryRow(plan, user, channel, DeliveryStatus.SKIPPED, s.reason(), now));
                        skipped++;
                    }
                    case PreferenceFilter.Decision.Deliver d ->
                            deliverable.computeIfAbsent(user, u -> new LinkedHashMap<>()).put(channel, d.notBefore());
                }
            }
        }
        Map<String, EnrichmentResponse.Rendered> rendered = plan.enrich() && !deliverable.isEmpty() ? enrich(plan, deliverable) : Map.of();
        for (var byUser : deliverable.entrySet()) {
            String user = byUser.getKey();
            EnrichmentResponse.Rendered r = rendered.get(user);
            String problem = !plan.enrich() ? null : r == null
                    ? "the enrichment function returned nothing for this recipient; it must answer every userId it is sent"
                    : r.error();
            for (var byChannel : byUser.getValue().entrySet()) {
                Channel channel = byChannel.getKey();
                if (problem != null) {
                    rows.add(deliveryRow(plan, user, channel, DeliveryStatus.REJECTED, problem, now));
                    rejected++;
                    continue;
                }
                RenderedContent content = r == null ? null : r.content().get(channel);
                String locale = r != null && r.locale() != null ? r.locale() : plan.locale();
                Instant notBefore = byChannel.getValue();
                outgoing.add(ChannelFanOut.Outgoing.of(new ChannelMessage(DeliveryIds.of(plan.notificationId(), channel, user),
                        plan.notificationId(), plan.eventType(), plan.source(), channel, user, plan.category(), plan.priority(),
                        content, plan.data(), locale, plan.traceId(), now, notBefore), delaySeconds(now, notBefore)));
            }
        }
        return Step.next(new Planned(claimed, rows, outgoing, skipped, rejected));
    }

    /** Completes the record's claim once its rows are written and its messages queued; else fails it with the first reason. */
    DeliveryOutcome finish(Sent sent) {
        Claimed claimed = sent.held();
        Identified id = claimed.identified();
        RoutingPlan.Routed plan = id.plan();
        Planned planned = sent.recorded().planned();
        List<String> unrecorded = sent.recorded().unrecorded();
        LOG.info("event routed notificationId={} eventType={} routes={} claim={} chunk={} users={} queued={} alreadyWithHandler={} skipped={} "
                        + "rejected={} failed={}", plan.notificationId(), plan.eventType(), plan.routeNames(), claimed.claim(),
                id.chunk() == null ? "-" : id.chunk().index(), claimed.users().size(), sent.queued(), sent.recorded().already(),
                planned.skipped(), planned.rejected(), sent.failures().size() + unrecorded.size());
        if (!unrecorded.isEmpty()) {
            return fail(sent, unrecorded.size() + " ledger row(s) not written, first: " + unrecorded.get(0));
        }
        if (!sent.failures().isEmpty()) {
            return fail(sent, sent.failures().size() + " channel message(s) not queued, first: " + sent.failures().get(0));
        }
        ledger.completeNotification(id.claimId());
        return new DeliveryOutcome.Delivered();
    }

    /**
     * Fails the record; one holding a claim has the reason written to the claim's row before SQS retries it, so the reason
     * is there when the record ends in the dead-letter queue.
     */
    DeliveryOutcome fail(InFlight record, String reason) {
        Identified id = record.identified();
        LOG.warn("routing failed, the record will be retried notificationId={} claim={} reason={}", id.plan().notificationId(),
                id.claimId(), reason);
        Claimed held = record.held();
        if (held != null) {
            try {
                ledger.failNotification(id.claimId(), id.plan().eventType(), reason, id.received().receiveCount());
            } catch (RuntimeException e) {
                LOG.warn("failure reason not recorded claim={} error={}", id.claimId(), e.toString());
            }
        }
        return new DeliveryOutcome.Failed(reason);
    }

    /** Fails the record a step of it threw for (an enrichment fault says what went wrong itself). */
    DeliveryOutcome failOn(InFlight record, RuntimeException e) {
        if (e instanceof LambdaEnricher.EnrichmentFault) {
            return fail(record, e.getMessage());
        }
        LOG.warn("record failed; SQS will redeliver it messageId={} error={}", record.received().message().getMessageId(), e.toString());
        return fail(record, "routing failed: " + e);
    }

    /** Fails a record that threw before it was identified (it holds no claim). */
    DeliveryOutcome failOn(Received received, RuntimeException e) {
        LOG.warn("record failed; SQS will redeliver it messageId={} error={}", received.message().getMessageId(), e.toString());
        String reason = "routing failed: " + e;
        LOG.warn("routing failed, the record will be retried notificationId={} claim={} reason={}", null, null, reason);
        return new DeliveryOutcome.Failed(reason);
    }

    private Map<String, EnrichmentResponse.Rendered> enrich(RoutingPlan.Routed plan, Map<String, Map<Channel, Instant>> deliverable) {
        if (enricher == null) {
            throw new LambdaEnricher.EnrichmentFault("route " + plan.routeNames() + " enriches but no enrichment function is configured; "
                    + "set HERALD_ENRICHMENT_FUNCTION", null);
        }
        List<Channel> channels = plan.channels().stream()
                .filter(c -> deliverable.values().stream().anyMatch(m -> m.containsKey(c))).toList();
        EnrichmentResponse response = enricher.enrich(new EnrichmentRequest(plan.notificationId(), plan.eventType(), plan.templateId(),
                List.copyOf(deliverable.keySet()), channels, plan.data(), plan.locale(), plan.traceId()));
        Map<String, EnrichmentResponse.Rendered> byUser = new HashMap<>();
        response.recipients().forEach(r -> byUser.put(r.userId(), r));
        return byUser;
    }

    /** SQS delays a message at most 15 minutes; a handler that receives it before notBefore defers it again. */
    static int delaySeconds(Instant now, Instant notBefore) {
        if (notBefore == null || !notBefore.isAfter(now)) {
            return 0;
        }
        long seconds = (Duration.between(now, notBefore).toMillis() + 999) / 1000;
        return (int) Math.min(DeliveryProcessor.MAX_DELAY.toSeconds(), seconds);
    }

    private static LedgerEntry deliveryRow(RoutingPlan.Routed plan, String user, Channel channel, DeliveryStatus status, String reason,
                                           Instant now) {
        return new LedgerEntry(DeliveryIds.of(plan.notificationId(), channel, user), plan.notificationId(), user, channel.wireName(),
                plan.eventType(), plan.category(), status, reason, 0, null, null, now, now);
    }

    private LedgerEntry eventRow(String key, String notificationId, String eventType, DeliveryStatus status, String reason) {
        Instant now = clock.instant();
        return new LedgerEntry(key, notificationId, null, null, eventType, null, status, reason, 0, null, null, now, now);
    }
}
