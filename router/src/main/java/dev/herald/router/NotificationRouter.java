package dev.herald.router;

import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.orchestration.StepPlan;
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
import dev.herald.router.Phase.Filtered;
import dev.herald.router.Phase.Identified;
import dev.herald.router.Phase.Planned;
import dev.herald.router.Phase.Received;
import dev.herald.router.Phase.Sent;
import dev.herald.router.Phase.Step;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's per-record phases but the claim ({@link ClaimPhase}), run by {@link BatchRouter} for every record of a
 * batch; each takes the previous phase's result and returns its own ({@link Phase}). Rejected and unrouted events
 * become one ledger row each ({@link #identify}). A claimed record's users (at most one chunk) are routed by this
 * record: preferences ({@link #filter}), enrichment (one call for the batch's records, {@link #enrichment}), its rows and
 * messages ({@link #plan}), then, once its rows are written and its messages queued, its
 * claim completed ({@link #finish}).
 *
 * <p>Outcomes: {@code Failed} when the enrichment call, a channel queue, the ingress queue or a store failed (SQS
 * redelivers the record; routing again is idempotent; the reason is recorded on the claim's ledger row first), else
 * {@code Delivered}.
 */
final class NotificationRouter {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationRouter.class);

    private final DeliveryLedger ledger;
    private final PreferenceFilter filter = new PreferenceFilter();
    private final LambdaEnricher enricher;
    private final RecordFailures failures;
    private final Clock clock;
    private final ThrottleCounter throttles;
    private final DigestStore digests;

    /** @param enricher null when no enrichment function is configured (no route enriches then) */
    NotificationRouter(DeliveryLedger ledger, LambdaEnricher enricher, RecordFailures failures, Clock clock) {
        this(ledger, enricher, failures, clock, null, null);
    }

    /** @param throttles the Throttles table's counter, or null when no route may throttle */
    NotificationRouter(DeliveryLedger ledger, LambdaEnricher enricher, RecordFailures failures, Clock clock, ThrottleCounter throttles,
                       DigestStore digests) {
        this.throttles = throttles;
        this.digests = digests;
        this.ledger = ledger;
        this.enricher = enricher;
        this.failures = failures;
        this.clock = clock;
    }

    /**
     * Records a rejected or unrouted plan; names a routed one's claim. Runs record by record, in order.
     *
     * @param chunk the audience chunk the record carries, or null for an event from the bus
     * @return the record to claim ({@link ClaimPhase#claimAndExpand}), or its outcome
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
     * Applies preferences ({@code prefs}: the batch's, by user), then the route's throttle (critical bypasses both): the
     * record's skipped rows and what remains to deliver. A notification an operator cancelled ({@code cancelReason} not
     * null) has every row {@code cancelled} with that reason and nothing to deliver.
     */
    Step<Filtered> filter(Claimed claimed, Map<String, Preferences> prefs, String cancelReason) {
        RoutingPlan.Routed plan = claimed.identified().plan();
        // a scheduled send is filtered as at its time (quiet hours then, not now) and its messages are created for that time
        Instant now = scheduledAt(plan, clock.instant());
        List<LedgerEntry> rows = new ArrayList<>();
        Map<String, Map<Channel, Instant>> deliverable = new LinkedHashMap<>();
        if (cancelReason != null) {
            // cancelled by an operator before this part of the audience was routed: every row says so, nothing is queued
            for (String user : claimed.users()) {
                plan.channels().forEach(channel -> rows.add(deliveryRow(plan, user, channel, DeliveryStatus.CANCELLED, cancelReason, now)));
            }
            return Step.next(new Filtered(claimed, rows, deliverable, now));
        }
        for (String user : claimed.users()) {
            // Critical notifications ignore preferences.
            Preferences p = plan.priority() == Priority.CRITICAL ? null : prefs.get(user);
            for (Channel channel : plan.channels()) {
                switch (filter.decide(p, plan.category(), channel, plan.priority(), now)) {
                    case PreferenceFilter.Decision.Skip s -> rows.add(deliveryRow(plan, user, channel, DeliveryStatus.SKIPPED, s.reason(), now));
                    case PreferenceFilter.Decision.Deliver d -> {
                        if (digested(plan) && digests.hold(plan.digest(), plan, p == null ? Preferences.none(user) : p, channel, now)) {
                            rows.add(deliveryRow(plan, user, channel, DeliveryStatus.SKIPPED, Digest.REASON, now));
                        } else if (throttled(plan, user, channel, now)) {
                            rows.add(deliveryRow(plan, user, channel, DeliveryStatus.SKIPPED, Throttle.REASON, now));
                        } else {
                            deliverable.computeIfAbsent(user, u -> new LinkedHashMap<>()).put(channel, d.notBefore());
                        }
                    }
                }
            }
        }
        return Step.next(new Filtered(claimed, rows, deliverable, now));
    }

    /** Whether the plan's deliveries go into a digest: not when critical, and not the digest itself. */
    private boolean digested(RoutingPlan.Routed plan) {
        if (plan.digest() == null || plan.priority() == Priority.CRITICAL || plan.notificationId().startsWith(DigestStore.PREFIX)) {
            return false;
        }
        if (digests == null) {
            throw new IllegalStateException("route " + plan.routeNames() + " digests but the router has no Digests table; set "
                    + dev.herald.common.config.EnvNames.TABLE_DIGESTS);
        }
        return true;
    }

    /** Whether the plan's throttle holds this delivery back (counted before fan-out, so a throttled one costs no message). */
    private boolean throttled(RoutingPlan.Routed plan, String user, Channel channel, Instant now) {
        if (plan.throttle() == null || plan.priority() == Priority.CRITICAL) {
            return false;
        }
        if (throttles == null) {
            throw new IllegalStateException("route " + plan.routeNames() + " throttles but the router has no Throttles table; set "
                    + dev.herald.common.config.EnvNames.TABLE_THROTTLES);
        }
        return !throttles.admit(plan.throttle(), user, channel, plan.category(),
                DeliveryIds.of(plan.notificationId(), channel, user), now);
    }

    /**
     * The enrichment request of a filtered record, or null when it needs none (its route does not enrich, or nobody is left
     * to deliver to). {@link BatchRouter} sends the requests of the whole batch in one call ({@link LambdaEnricher#enrichAll}).
     */
    EnrichmentRequest enrichment(Filtered filtered) {
        RoutingPlan.Routed plan = filtered.identified().plan();
        if (!plan.enrich() || filtered.deliverable().isEmpty()) {
            return null;
        }
        if (enricher == null) {
            throw new LambdaEnricher.EnrichmentFault("route " + plan.routeNames() + " enriches but no enrichment function is configured; "
                    + "set HERALD_ENRICHMENT_FUNCTION", null);
        }
        List<Channel> channels = plan.channels().stream()
                .filter(c -> filtered.deliverable().values().stream().anyMatch(m -> m.containsKey(c))).toList();
        return new EnrichmentRequest(plan.notificationId(), plan.eventType(), plan.templateId(),
                List.copyOf(filtered.deliverable().keySet()), channels, plan.data(), plan.locale(), plan.traceId());
    }

    /** Renders the batch's enrichment requests in one call per {@link dev.herald.common.enrichment.EnrichmentBatchRequest#MAX_USERS} users. */
    List<EnrichmentResponse> enrichAll(List<EnrichmentRequest> requests) {
        return enricher.enrichAll(requests);
    }

    /**
     * The record's rejected rows and its messages, from its filtered users and its enrichment answer ({@code response}:
     * null when it asked for none).
     */
    Step<Planned> plan(Filtered filtered, EnrichmentResponse response) {
        RoutingPlan.Routed plan = filtered.identified().plan();
        Instant now = filtered.at();
        // the send time when the notification is scheduled ahead (filtered.at() is then that time), else null
        Instant scheduled = plan.sendAt() != null && plan.sendAt().equals(now) ? now : null;
        List<LedgerEntry> rows = new ArrayList<>(filtered.skippedRows());
        List<ChannelFanOut.Outgoing> outgoing = new ArrayList<>();
        int rejected = 0;
        Map<String, EnrichmentResponse.Rendered> rendered = new HashMap<>();
        if (response != null) {
            response.recipients().forEach(r -> rendered.put(r.userId(), r));
        }
        for (var byUser : filtered.deliverable().entrySet()) {
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
                // a critical notification is never held back: all its channels at once
                StepPlan steps = plan.priority() == Priority.CRITICAL ? null : StepPlan.of(plan.steps(), byUser.getValue().keySet(), channel);
                Instant notBefore = RouteSteps.notBefore(steps, now, byChannel.getValue());
                if (scheduled != null && notBefore == null) {
                    notBefore = scheduled;
                }
                Instant wallClock = scheduled != null ? clock.instant() : now;
                outgoing.add(ChannelFanOut.Outgoing.of(new ChannelMessage(DeliveryIds.of(plan.notificationId(), channel, user),
                        plan.notificationId(), plan.eventType(), plan.source(), channel, user, plan.category(), plan.priority(),
                        content, plan.data(), locale, plan.traceId(), now, notBefore, steps), RouteSteps.delaySeconds(steps, wallClock, notBefore),
                        scheduled));
            }
        }
        return Step.next(new Planned(filtered.claimed(), rows, outgoing, filtered.skippedRows().size(), rejected));
    }

    /**
     * A record whose rows are written and messages queued goes on to have its claim completed (with the batch's others);
     * else it fails with the first reason.
     */
    Step<Sent> settle(Sent sent) {
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
            return Step.done(failures.fail(sent, unrecorded.size() + " ledger row(s) not written, first: " + unrecorded.get(0)));
        }
        if (!sent.failures().isEmpty()) {
            return Step.done(failures.fail(sent, sent.failures().size() + " channel message(s) not queued, first: " + sent.failures().get(0)));
        }
        return Step.next(sent);
    }

    /**
     * The time a notification is routed for: its {@code sendAt} when that is ahead of {@code now} (a scheduled send: every
     * message waits for it through the handlers' deferral, the one mechanism quiet hours use), else {@code now}.
     */
    static Instant scheduledAt(RoutingPlan.Routed plan, Instant now) {
        return plan.sendAt() != null && plan.sendAt().isAfter(now) ? plan.sendAt() : now;
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
        return LedgerEntry.decided(plan.notificationId(), channel, user, plan.eventType(), plan.category(), status, reason, now);
    }

    private LedgerEntry eventRow(String key, String notificationId, String eventType, DeliveryStatus status, String reason) {
        return LedgerEntry.about(key, notificationId, eventType, status, reason, clock.instant());
    }
}
