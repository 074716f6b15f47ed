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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's per-record steps, run by {@link BatchRouter} for every record of a batch. Rejected and unrouted events
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
     * Records a rejected or unrouted plan; names a routed one's claim. {@code claims} holds the claims named by earlier
     * records of the batch: a second copy of one shares the first copy's outcome. Runs record by record, in order.
     *
     * @return whether the record is to be claimed ({@link #claimAndExpand})
     */
    boolean identify(RoutingJob job, RoutingPlan plan, AudienceChunks.Chunk chunk, Map<String, RoutingJob> claims) {
        switch (plan) {
            case RoutingPlan.Rejected r -> {
                ledger.recordIfAbsent(eventRow(r.ledgerKey(), r.eventId(), r.eventType(), DeliveryStatus.REJECTED, r.reason()));
                LOG.warn("event rejected eventId={} ledgerKey={} reason={}", r.eventId(), r.ledgerKey(), r.reason());
                job.decide(new DeliveryOutcome.Rejected(r.reason()));
                return false;
            }
            case RoutingPlan.Unrouted u -> {
                ledger.recordIfAbsent(eventRow(u.ledgerKey(), u.notificationId(), u.eventType(), DeliveryStatus.UNROUTED, u.reason()));
                LOG.warn("event unrouted eventId={} eventType={} reason={}", u.eventId(), u.eventType(), u.reason());
                job.decide(new DeliveryOutcome.Rejected(u.reason(), DeliveryStatus.UNROUTED));
                return false;
            }
            case RoutingPlan.Routed r -> {
                if (chunk != null && !chunk.notificationId().equals(r.notificationId())) {
                    reject(job, "message attribute " + AudienceChunks.ATTRIBUTE + " names notification " + chunk.notificationId()
                            + " but the body is notification " + r.notificationId() + "; only Herald's router writes the attribute");
                    return false;
                }
                job.plan = r;
                job.chunk = chunk;
                job.claimId = chunk == null ? r.notificationId() : chunk.claimId();
                RoutingJob first = claims.putIfAbsent(job.claimId, job);
                if (first != null) {
                    job.duplicateOf = first;
                    return false;
                }
                return true;
            }
        }
    }

    /** Claims an identified record and finds the users it routes itself (or splits its audience into chunk messages). */
    void claimAndExpand(RoutingJob job) {
        if (claim(job)) {
            expand(job);
        }
    }

    /** Rejects a record whose chunk attribute is not Herald's, into the ledger under the record's message id. */
    void reject(RoutingJob job, String reason) {
        String key = DeliveryLedger.messageKey(job.record.getMessageId());
        ledger.recordIfAbsent(eventRow(key, null, null, DeliveryStatus.REJECTED, reason));
        LOG.warn("ingress message rejected messageId={} reason={}", job.record.getMessageId(), reason);
        job.decide(new DeliveryOutcome.Rejected(reason));
    }

    private boolean claim(RoutingJob job) {
        RoutingPlan.Routed plan = job.plan;
        job.claim = ledger.claimNotification(job.claimId, plan.eventType());
        switch (job.claim) {
            case DONE -> {
                LOG.info("duplicate event acknowledged notificationId={} claim={} eventId={}", plan.notificationId(), job.claimId, plan.eventId());
                job.decide(new DeliveryOutcome.Delivered());
                return false;
            }
            case BUSY -> {
                // Another copy holds the claim and is routing it now: routing side by side would queue a second set of
                // messages. SQS hands this copy back after a back-off (IngressBackOff); by then it is a DONE duplicate.
                LOG.info("duplicate event being routed by another copy, will be retried notificationId={} claim={} eventId={}",
                        plan.notificationId(), job.claimId, plan.eventId());
                job.decide(new DeliveryOutcome.Failed("another copy of notification " + plan.notificationId()
                        + " is being routed right now; this copy is retried and then acknowledged as a duplicate"));
                return false;
            }
            default -> {
                return true; // NEW or INCOMPLETE: this record holds the claim
            }
        }
    }

    private void expand(RoutingJob job) {
        if (job.chunk != null) {
            job.users = job.chunk.users();
            return;
        }
        Iterator<List<String>> chunks = recipients.chunks(job.plan.recipients());
        if (!chunks.hasNext()) {
            return;
        }
        List<String> first = chunks.next();
        if (!chunks.hasNext()) {
            job.users = first;
            return;
        }
        split(job, new Iterator<>() {
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
        });
    }

    /** Puts the audience on the ingress queue as chunk messages, then completes the notification's claim. */
    private void split(RoutingJob job, Iterator<List<String>> chunks) {
        int messages = 0;
        Map<String, String> failed = new LinkedHashMap<>();
        for (var call : AudienceChunks.messages(job.record.getBody(), job.plan.notificationId(), chunks)) {
            messages += call.size();
            sender.send(ingressQueueUrl, call).forEach((index, why) -> failed.put(index, why));
        }
        if (!failed.isEmpty()) {
            var first = failed.entrySet().iterator().next();
            fail(job, failed.size() + " of " + messages + " audience chunk(s) not put on the ingress queue, first: chunk " + first.getKey()
                    + " refused " + first.getValue());
            return;
        }
        ledger.completeNotification(job.claimId);
        LOG.info("audience split into chunks notificationId={} eventType={} claim={} chunks={}", job.plan.notificationId(),
                job.plan.eventType(), job.claim, messages);
        job.decide(new DeliveryOutcome.Delivered());
    }

    /** Applies preferences ({@code prefs}: the batch's, by user) and enrichment: the record's skipped and rejected rows and its messages. */
    void prepare(RoutingJob job, Map<String, Preferences> prefs) {
        RoutingPlan.Routed plan = job.plan;
        Instant now = clock.instant();
        Map<String, Map<Channel, Instant>> deliverable = new LinkedHashMap<>();
        for (String user : job.users) {
            // Critical notifications ignore preferences.
            Preferences p = plan.priority() == Priority.CRITICAL ? null : prefs.get(user);
            for (Channel channel : plan.channels()) {
                switch (filter.decide(p, plan.category(), channel, plan.priority(), now)) {
                    case PreferenceFilter.Decision.Skip s -> {
                        job.rows.add(deliveryRow(plan, user, channel, DeliveryStatus.SKIPPED, s.reason(), now));
                        job.skipped++;
                    }
                    case PreferenceFilter.Decision.Deliver d ->
                            deliverable.computeIfAbsent(user, u -> new LinkedHashMap<>()).put(channel, d.notBefore());
                }
            }
        }
        if (deliverable.isEmpty()) {
            return;
        }
        Map<String, EnrichmentResponse.Rendered> rendered = plan.enrich() ? enrich(plan, deliverable) : Map.of();
        for (var byUser : deliverable.entrySet()) {
            String user = byUser.getKey();
            EnrichmentResponse.Rendered r = rendered.get(user);
            String problem = !plan.enrich() ? null : r == null
                    ? "the enrichment function returned nothing for this recipient; it must answer every userId it is sent"
                    : r.error();
            for (var byChannel : byUser.getValue().entrySet()) {
                Channel channel = byChannel.getKey();
                if (problem != null) {
                    job.rows.add(deliveryRow(plan, user, channel, DeliveryStatus.REJECTED, problem, now));
                    job.rejected++;
                    continue;
                }
                RenderedContent content = r == null ? null : r.content().get(channel);
                String locale = r != null && r.locale() != null ? r.locale() : plan.locale();
                Instant notBefore = byChannel.getValue();
                job.outgoing.add(ChannelFanOut.Outgoing.of(new ChannelMessage(DeliveryIds.of(plan.notificationId(), channel, user),
                        plan.notificationId(), plan.eventType(), plan.source(), channel, user, plan.category(), plan.priority(),
                        content, plan.data(), locale, plan.traceId(), now, notBefore), delaySeconds(now, notBefore)));
            }
        }
    }

    /** Completes the record's claim once its rows are written and its messages queued; else fails it with the first reason. */
    void finish(RoutingJob job) {
        RoutingPlan.Routed plan = job.plan;
        LOG.info("event routed notificationId={} eventType={} routes={} claim={} chunk={} users={} queued={} alreadyWithHandler={} skipped={} "
                        + "rejected={} failed={}", plan.notificationId(), plan.eventType(), plan.routeNames(), job.claim,
                job.chunk == null ? "-" : job.chunk.index(), job.users.size(), job.queued, job.already, job.skipped, job.rejected,
                job.failures.size() + job.unrecorded.size());
        if (!job.unrecorded.isEmpty()) {
            fail(job, job.unrecorded.size() + " ledger row(s) not written, first: " + job.unrecorded.get(0));
        } else if (!job.failures.isEmpty()) {
            fail(job, job.failures.size() + " channel message(s) not queued, first: " + job.failures.get(0));
        } else {
            ledger.completeNotification(job.claimId);
            job.decide(new DeliveryOutcome.Delivered());
        }
    }

    /**
     * Fails the record; one holding a claim has the reason written to the claim's row before SQS retries it, so the reason
     * is there when the record ends in the dead-letter queue.
     */
    void fail(RoutingJob job, String reason) {
        LOG.warn("routing failed, the record will be retried notificationId={} claim={} reason={}",
                job.plan == null ? null : job.plan.notificationId(), job.claimId, reason);
        job.decide(new DeliveryOutcome.Failed(reason));
        if (job.holdsClaim()) {
            try {
                ledger.failNotification(job.claimId, job.plan.eventType(), reason, job.receiveCount);
            } catch (RuntimeException e) {
                LOG.warn("failure reason not recorded claim={} error={}", job.claimId, e.toString());
            }
        }
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
