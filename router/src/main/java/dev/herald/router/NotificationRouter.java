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
import dev.herald.common.store.PreferenceStore;
import dev.herald.common.store.Preferences;
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
 * The router's I/O path: carries out a {@link RoutingPlan}. Rejected and unrouted events become one
 * ledger row each. A routed notification is claimed in the ledger (a copy already routed is only
 * acknowledged; a copy that finds another one routing it right now is retried later), its recipients are
 * expanded chunk by chunk (at most {@link EnrichmentRequest#MAX_USERS} users: one preferences read, one
 * enrichment call, a few SendMessageBatch calls each), and the claim is completed once every delivery is
 * queued, skipped or rejected.
 *
 * <p>Outcomes: {@code Failed} when the enrichment call, a channel queue or a store failed (SQS redelivers
 * the event; routing again is idempotent; the reason is recorded on the notification's ledger row first),
 * else {@code Delivered}. A fault while claiming is thrown, and {@code SqsBatch} turns it into {@code Failed}.
 */
final class NotificationRouter {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationRouter.class);

    private final DeliveryLedger ledger;
    private final RecipientExpander recipients;
    private final PreferenceStore preferences;
    private final PreferenceFilter filter = new PreferenceFilter();
    private final LambdaEnricher enricher;
    private final ChannelFanOut fanOut;
    private final Clock clock;

    /** @param enricher null when no enrichment function is configured (no route enriches then) */
    NotificationRouter(DeliveryLedger ledger, RecipientExpander recipients, PreferenceStore preferences, LambdaEnricher enricher,
                       ChannelFanOut fanOut, Clock clock) {
        this.ledger = ledger;
        this.recipients = recipients;
        this.preferences = preferences;
        this.enricher = enricher;
        this.fanOut = fanOut;
        this.clock = clock;
    }

    DeliveryOutcome execute(RoutingPlan plan) {
        return execute(plan, 1);
    }

    /**
     * Carries out {@code plan}; {@code receiveCount} is the ingress record's ApproximateReceiveCount. A routed
     * notification that fails (enrichment, a channel queue, a store fault) has the reason written to its ledger
     * row before SQS retries it, so the reason is there when the event ends in the dead-letter queue.
     */
    DeliveryOutcome execute(RoutingPlan plan, int receiveCount) {
        return switch (plan) {
            case RoutingPlan.Rejected r -> {
                ledger.recordIfAbsent(eventRow(r.ledgerKey(), r.eventId(), r.eventType(), DeliveryStatus.REJECTED, r.reason()));
                LOG.warn("event rejected eventId={} ledgerKey={} reason={}", r.eventId(), r.ledgerKey(), r.reason());
                yield new DeliveryOutcome.Rejected(r.reason());
            }
            case RoutingPlan.Unrouted u -> {
                ledger.recordIfAbsent(eventRow(u.ledgerKey(), u.notificationId(), u.eventType(), DeliveryStatus.UNROUTED, u.reason()));
                LOG.warn("event unrouted eventId={} eventType={} reason={}", u.eventId(), u.eventType(), u.reason());
                yield new DeliveryOutcome.Rejected(u.reason(), DeliveryStatus.UNROUTED);
            }
            case RoutingPlan.Routed r -> routeOrRecordFailure(r, receiveCount);
        };
    }

    private DeliveryOutcome routeOrRecordFailure(RoutingPlan.Routed plan, int receiveCount) {
        DeliveryLedger.NotificationClaim claim = ledger.claimNotification(plan.notificationId(), plan.eventType());
        switch (claim) {
            case DONE -> {
                LOG.info("duplicate event acknowledged notificationId={} eventId={}", plan.notificationId(), plan.eventId());
                return new DeliveryOutcome.Delivered();
            }
            case BUSY -> {
                // Another copy holds the claim and is routing it now: routing side by side would queue a second set of
                // messages. SQS hands this copy back after a back-off (IngressBackOff); by then it is a DONE duplicate.
                LOG.info("duplicate event being routed by another copy, will be retried notificationId={} eventId={}",
                        plan.notificationId(), plan.eventId());
                return new DeliveryOutcome.Failed("another copy of notification " + plan.notificationId()
                        + " is being routed right now; this copy is retried and then acknowledged as a duplicate");
            }
            case NEW, INCOMPLETE -> {
                // this copy holds the claim
            }
        }
        DeliveryOutcome outcome;
        try {
            outcome = route(plan, claim);
        } catch (RuntimeException e) {
            LOG.warn("routing failed, event will be retried notificationId={} eventId={} error={}", plan.notificationId(), plan.eventId(),
                    e.toString());
            outcome = new DeliveryOutcome.Failed("routing failed: " + e);
        }
        if (outcome instanceof DeliveryOutcome.Failed failed) {
            try {
                ledger.failNotification(plan.notificationId(), plan.eventType(), failed.reason(), receiveCount);
            } catch (RuntimeException e) {
                LOG.warn("failure reason not recorded notificationId={} error={}", plan.notificationId(), e.toString());
            }
        }
        return outcome;
    }

    private DeliveryOutcome route(RoutingPlan.Routed plan, DeliveryLedger.NotificationClaim claim) {
        Tally tally = new Tally();
        Iterator<List<String>> chunks = recipients.chunks(plan.recipients());
        while (chunks.hasNext()) {
            List<String> users = chunks.next();
            try {
                routeChunk(plan, users, tally);
            } catch (LambdaEnricher.EnrichmentFault e) {
                LOG.warn("enrichment failed, event will be retried notificationId={} eventId={} reason={}",
                        plan.notificationId(), plan.eventId(), e.getMessage());
                return new DeliveryOutcome.Failed(e.getMessage());
            }
        }
        LOG.info("event routed notificationId={} eventType={} routes={} claim={} users={} queued={} alreadyWithHandler={} skipped={} rejected={} failed={}",
                plan.notificationId(), plan.eventType(), plan.routeNames(), claim, tally.users, tally.queued, tally.already, tally.skipped,
                tally.rejected, tally.failures.size());
        if (!tally.failures.isEmpty()) {
            String reason = tally.failures.size() + " channel message(s) not queued, first: " + tally.failures.get(0);
            LOG.warn("fan-out incomplete, event will be retried notificationId={} reason={}", plan.notificationId(), reason);
            return new DeliveryOutcome.Failed(reason);
        }
        ledger.completeNotification(plan.notificationId());
        return new DeliveryOutcome.Delivered();
    }

    private void routeChunk(RoutingPlan.Routed plan, List<String> users, Tally tally) {
        Instant now = clock.instant();
        tally.users += users.size();
        // Critical notifications ignore preferences, so they need not be read.
        Map<String, Preferences> prefs = plan.priority() == Priority.CRITICAL ? Map.of() : preferences.findAll(users);
        Map<String, Map<Channel, Instant>> deliverable = new LinkedHashMap<>();
        for (String user : users) {
            for (Channel channel : plan.channels()) {
                switch (filter.decide(prefs.get(user), plan.category(), channel, plan.priority(), now)) {
                    case PreferenceFilter.Decision.Skip s -> {
                        ledger.recordIfAbsent(deliveryRow(plan, user, channel, DeliveryStatus.SKIPPED, s.reason(), now));
                        tally.skipped++;
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
        List<ChannelFanOut.Outgoing> outgoing = new ArrayList<>();
        for (var byUser : deliverable.entrySet()) {
            String user = byUser.getKey();
            EnrichmentResponse.Rendered r = rendered.get(user);
            String problem = !plan.enrich() ? null : r == null
                    ? "the enrichment function returned nothing for this recipient; it must answer every userId it is sent"
                    : r.error();
            for (var byChannel : byUser.getValue().entrySet()) {
                Channel channel = byChannel.getKey();
                if (problem != null) {
                    ledger.recordIfAbsent(deliveryRow(plan, user, channel, DeliveryStatus.REJECTED, problem, now));
                    tally.rejected++;
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
        ChannelFanOut.Result result = fanOut.send(outgoing);
        tally.queued += result.queued();
        tally.already += result.already();
        tally.failures.addAll(result.failures());
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

    private static final class Tally {
        int users;
        int queued;
        int already;
        int skipped;
        int rejected;
        final List<String> failures = new ArrayList<>();
    }
}
