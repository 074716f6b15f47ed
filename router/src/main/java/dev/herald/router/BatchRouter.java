package dev.herald.router;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.herald.common.concurrent.BoundedPool;
import dev.herald.common.delivery.DeliveryOutcome;
import dev.herald.common.enrichment.EnrichmentRequest;
import dev.herald.common.enrichment.EnrichmentResponse;
import dev.herald.common.event.Priority;
import dev.herald.common.lambda.SqsBatch;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.LedgerEntry;
import dev.herald.common.store.PreferenceStore;
import dev.herald.common.store.Preferences;
import dev.herald.router.Phase.Claimed;
import dev.herald.router.Phase.Filtered;
import dev.herald.router.Phase.Identified;
import dev.herald.router.Phase.InFlight;
import dev.herald.router.Phase.Planned;
import dev.herald.router.Phase.Received;
import dev.herald.router.Phase.Recorded;
import dev.herald.router.Phase.Sent;
import dev.herald.router.Phase.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes one ingress batch (up to 10 records) in phases, so the requests of the whole batch are shared: each record is
 * planned, claimed and expanded; one preferences read serves every user of the batch; each record is filtered; one
 * enrichment call serves every record that renders (one Invoke per 100 users, whose function reads their profiles in one
 * BatchGetItem); the rows of records claimed the first time are written together ({@link DeliveryLedger#recordAll}), those of
 * records routed before one by one, conditionally; then the channel messages of every record go out together, per
 * channel in SendMessageBatch calls of up to 10 ({@link ChannelFanOut}); then each record is completed or failed on its
 * own. A failed row, message or call fails only the records it belongs to, and the partial batch response names
 * exactly those (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html). The per-record steps
 * (claims, preferences filter, conditional rows, completion) and the SendMessageBatch calls run side by side ({@link BoundedPool}).
 * Each phase takes the previous phase's results and returns its own ({@link Phase}); {@link #route} reads as the order
 * of the flow.
 */
final class BatchRouter {
    private static final Logger LOG = LoggerFactory.getLogger(BatchRouter.class);

    private final Supplier<RoutePlanner> planners;
    private final ClaimPhase claims;
    private final NotificationRouter router;
    private final RecordFailures failures;
    private final PreferenceStore preferences;
    private final DeliveryLedger ledger;
    private final ChannelFanOut fanOut;
    private final BoundedPool parallel;

    BatchRouter(RoutePlanner planner, ClaimPhase claims, NotificationRouter router, RecordFailures failures, PreferenceStore preferences,
                DeliveryLedger ledger, ChannelFanOut fanOut, BoundedPool parallel) {
        this(() -> planner, claims, router, failures, preferences, ledger, fanOut, parallel);
    }

    /** @param planners the planner of the current routes, asked once per batch ({@link TableRoutes} reloads on change) */
    BatchRouter(Supplier<RoutePlanner> planners, ClaimPhase claims, NotificationRouter router, RecordFailures failures,
                PreferenceStore preferences, DeliveryLedger ledger, ChannelFanOut fanOut, BoundedPool parallel) {
        this.parallel = parallel;
        this.planners = planners;
        this.claims = claims;
        this.router = router;
        this.failures = failures;
        this.preferences = preferences;
        this.ledger = ledger;
        this.fanOut = fanOut;
    }

    /** The phases in order; a record leaves the flow at the phase that decides its outcome. */
    SQSBatchResponse route(SQSEvent event) {
        List<SQSEvent.SQSMessage> messages = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        List<Received> received = messages.stream().map(m -> new Received(m, SqsBatch.receiveCount(m))).toList();
        Outcomes outcomes = new Outcomes();
        List<Identified> identified = identify(received, outcomes);
        Map<String, DeliveryLedger.NotificationClaim> claimedTogether = claims.claimNew(identified);
        List<Claimed> claimed = step(identified, outcomes, id -> claims.claimAndExpand(id, claimedTogether));
        Map<String, String> cancelled = readCancels(claimed, outcomes);
        Map<String, Preferences> prefs = readPreferences(outcomes.pending(claimed).stream()
                .filter(c -> !cancelled.containsKey(c.identified().plan().notificationId())).toList(), outcomes);
        List<Filtered> filtered = step(outcomes.pending(claimed), outcomes,
                c -> router.filter(c, prefs, cancelled.get(c.identified().plan().notificationId())));
        Map<Filtered, EnrichmentResponse> rendered = enrich(filtered, outcomes);
        List<Planned> planned = step(outcomes.pending(filtered), outcomes, f -> router.plan(f, rendered.get(f)));
        List<Recorded> recorded = writeRows(planned, outcomes);
        List<Sent> sent = send(recorded, outcomes);
        List<Sent> routed = step(sent, outcomes, router::settle);
        complete(routed, outcomes);
        return outcomes.response(received);
    }

    /**
     * Completes the claims of the records routed in full, together ({@link DeliveryLedger#completeNotifications}); a record
     * whose claim was not completed fails (its retry finds the claim incomplete once the lease is over, and routes again:
     * its rows and messages are idempotent).
     */
    private void complete(List<Sent> routed, Outcomes outcomes) {
        if (routed.isEmpty()) {
            return;
        }
        Map<String, String> notCompleted;
        try {
            notCompleted = routed.size() == 1 ? singleCompletion(routed.get(0))
                    : ledger.completeNotifications(routed.stream().map(s -> s.held().identified().claimId()).toList());
        } catch (RuntimeException e) {
            notCompleted = new HashMap<>();
            for (Sent s : routed) {
                notCompleted.put(s.held().identified().claimId(), e.toString());
            }
        }
        for (Sent s : routed) {
            String why = notCompleted.get(s.held().identified().claimId());
            outcomes.decide(s.received(), why == null ? new DeliveryOutcome.Acknowledged("routed")
                    : failures.fail(s, "routed, but its claim was not completed: " + why));
        }
    }

    private Map<String, String> singleCompletion(Sent s) {
        ledger.completeNotification(s.held().identified().claimId());
        return Map.of();
    }

    /**
     * Plans every record, one after another; a second copy of a claim already named in this batch is not routed again but
     * shares the first copy's outcome.
     */
    private List<Identified> identify(List<Received> received, Outcomes outcomes) {
        List<Identified> identified = new ArrayList<>();
        Map<String, Identified> named = new HashMap<>();
        // the routes are read once per batch: a change reaches the next batch, and no event costs a read
        RoutePlanner planner = null;
        RuntimeException noRoutes = null;
        try {
            planner = planners.get();
        } catch (RuntimeException e) {
            noRoutes = e;
        }
        for (Received r : received) {
            Step<Identified> step;
            try {
                if (noRoutes != null) {
                    throw noRoutes;
                }
                step = switch (AudienceChunks.read(r.message())) {
                    case AudienceChunks.Marking.Invalid invalid -> Step.done(router.reject(r, invalid.reason()));
                    case AudienceChunks.Marking.Valid valid -> router.identify(r, planner.plan(r.message().getBody()), valid.chunk());
                    case AudienceChunks.Marking.None none -> router.identify(r, planner.plan(r.message().getBody()), null);
                };
            } catch (RuntimeException e) {
                step = Step.done(failures.failOn(r, e));
            }
            switch (step) {
                case Step.Done<Identified> done -> outcomes.decide(r, done.outcome());
                case Step.Next<Identified> next -> {
                    Identified first = named.putIfAbsent(next.value().claimId(), next.value());
                    if (first == null) {
                        identified.add(next.value());
                    } else {
                        outcomes.duplicate(next.value(), first);
                    }
                }
            }
        }
        return identified;
    }

    /** One read for the users of every record that needs preferences (critical notifications ignore them). */
    private Map<String, Preferences> readPreferences(List<Claimed> claimed, Outcomes outcomes) {
        List<Claimed> needing = claimed.stream().filter(c -> c.identified().plan().priority() != Priority.CRITICAL && !c.users().isEmpty()).toList();
        Set<String> users = new LinkedHashSet<>();
        needing.forEach(c -> users.addAll(c.users()));
        if (users.isEmpty()) {
            return Map.of();
        }
        try {
            return preferences.findAll(users);
        } catch (RuntimeException e) {
            needing.forEach(c -> outcomes.decide(c.received(), failures.fail(c, "routing failed: " + e)));
            return Map.of();
        }
    }

    /**
     * The operator's cancels ({@link DeliveryLedger#markNotificationCancelled}) of the notifications whose records may come
     * after one: chunk messages and records routed again. A first routing of an event from the bus reads nothing (its
     * cancel finds its rows); one read for the rest of the batch. Notification id to the cancel's reason.
     */
    private Map<String, String> readCancels(List<Claimed> claimed, Outcomes outcomes) {
        List<Claimed> asking = claimed.stream().filter(c -> !c.fresh()).toList();
        if (asking.isEmpty()) {
            return Map.of();
        }
        try {
            return ledger.cancelledNotifications(asking.stream().map(c -> c.identified().plan().notificationId()).collect(Collectors.toSet()));
        } catch (RuntimeException e) {
            asking.forEach(c -> outcomes.decide(c.received(), failures.fail(c, "reading the notification's cancel failed: " + e)));
            return Map.of();
        }
    }

    /**
     * One enrichment call for every record that asks for rendering ({@link LambdaEnricher#enrichAll}: one Invoke per 100
     * users, one for a batch of single-user events); a fault fails those records only.
     */
    private Map<Filtered, EnrichmentResponse> enrich(List<Filtered> filtered, Outcomes outcomes) {
        List<Filtered> asking = new ArrayList<>();
        List<EnrichmentRequest> requests = new ArrayList<>();
        for (Filtered f : filtered) {
            try {
                EnrichmentRequest request = router.enrichment(f);
                if (request != null) {
                    asking.add(f);
                    requests.add(request);
                }
            } catch (RuntimeException e) {
                outcomes.decide(f.received(), failures.failOn(f, e));
            }
        }
        Map<Filtered, EnrichmentResponse> rendered = new IdentityHashMap<>();
        if (requests.isEmpty()) {
            return rendered;
        }
        try {
            List<EnrichmentResponse> responses = router.enrichAll(requests);
            for (int i = 0; i < asking.size(); i++) {
                rendered.put(asking.get(i), responses.get(i));
            }
        } catch (RuntimeException e) {
            // the same fault for every record that asked; each has it written to its claim's row
            List<DeliveryOutcome> failed = parallel.map(asking, f -> failures.failOn(f, e));
            for (int i = 0; i < asking.size(); i++) {
                outcomes.decide(asking.get(i).received(), failed.get(i));
            }
        }
        return rendered;
    }

    /**
     * Writes the records' rows: those of records claimed the first time together, the others one by one, conditionally.
     * A message whose row was not written is not sent.
     */
    private List<Recorded> writeRows(List<Planned> planned, Outcomes outcomes) {
        Map<Planned, Recorded> recorded = new IdentityHashMap<>();
        // records routed before (retries, chunks): one conditional write per row, record by record side by side
        step(planned.stream().filter(p -> !p.claimed().fresh()).toList(), outcomes, p -> {
            p.rows().forEach(ledger::recordIfAbsent);
            List<ChannelFanOut.Outgoing> keep = fanOut.keepUnsent(p.outgoing());
            return Step.next(new Recorded(p, keep, p.outgoing().size() - keep.size(), List.of()));
        }).forEach(r -> recorded.put(r.planned(), r));
        // records claimed the first time: their rows cannot exist yet, so all are written together
        List<Planned> fresh = planned.stream().filter(p -> p.claimed().fresh()).toList();
        List<LedgerEntry> rows = new ArrayList<>();
        Map<String, Planned> owners = new HashMap<>();
        for (Planned p : fresh) {
            p.rows().forEach(r -> owners.put(r.deliveryId(), p));
            rows.addAll(p.rows());
            p.outgoing().forEach(o -> {
                owners.put(o.message().deliveryId(), p);
                rows.add(ChannelFanOut.queuedRow(o));
            });
        }
        Map<Planned, Set<String>> unwritten = new IdentityHashMap<>();
        String reason = null;
        if (!rows.isEmpty()) {
            try {
                DeliveryLedger.BatchWrite written = ledger.recordAll(rows);
                reason = written.reason();
                written.unwritten().forEach(id -> unwritten.computeIfAbsent(owners.get(id), p -> new LinkedHashSet<>()).add(id));
            } catch (RuntimeException e) {
                fresh.forEach(p -> outcomes.decide(p.received(), failures.fail(p, "routing failed: " + e)));
                fresh = List.of();
            }
        }
        for (Planned p : fresh) {
            Set<String> ids = unwritten.getOrDefault(p, Set.of());
            String why = reason;
            recorded.put(p, new Recorded(p, p.outgoing().stream().filter(o -> !ids.contains(o.message().deliveryId())).toList(), 0,
                    ids.stream().map(id -> id + ": " + why).toList()));
        }
        return planned.stream().map(recorded::get).filter(Objects::nonNull).toList();
    }

    /** Puts the messages of every record on their channel queues together ({@link ChannelFanOut}). */
    private List<Sent> send(List<Recorded> recorded, Outcomes outcomes) {
        List<ChannelFanOut.Outgoing> all = new ArrayList<>();
        Map<String, Recorded> owners = new HashMap<>();
        for (Recorded r : recorded) {
            r.toSend().forEach(o -> owners.put(o.message().deliveryId(), r));
            all.addAll(r.toSend());
        }
        Map<Recorded, List<String>> notQueued = new IdentityHashMap<>();
        if (!all.isEmpty()) {
            try {
                for (ChannelFanOut.Failure f : fanOut.send(all)) {
                    notQueued.computeIfAbsent(owners.get(f.deliveryId()), r -> new ArrayList<>()).add(f.toString());
                }
            } catch (RuntimeException e) {
                recorded.forEach(r -> outcomes.decide(r.received(), failures.fail(r, "routing failed: " + e)));
                return List.of();
            }
        }
        List<Sent> sent = new ArrayList<>();
        for (Recorded r : recorded) {
            List<String> failed = notQueued.getOrDefault(r, List.of());
            sent.add(new Sent(r, r.toSend().size() - failed.size(), failed));
        }
        return sent;
    }

    /**
     * Runs {@code phase} for every input side by side; returns the results of the records that go on, and decides the
     * outcome of those that end here. A phase that throws fails its record only.
     */
    private <I extends InFlight, O> List<O> step(List<I> inputs, Outcomes outcomes, Function<I, Step<O>> phase) {
        List<Step<O>> steps = parallel.map(inputs, in -> {
            try {
                return phase.apply(in);
            } catch (RuntimeException e) {
                return Step.done(failures.failOn(in, e));
            }
        });
        List<O> next = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            switch (steps.get(i)) {
                case Step.Next<O> n -> next.add(n.value());
                case Step.Done<O> d -> outcomes.decide(inputs.get(i).received(), d.outcome());
            }
        }
        return next;
    }

    /** The outcome of each record of the batch, decided once, and the batch's answer built from them. */
    private static final class Outcomes {
        private final Map<Received, DeliveryOutcome> decided = new IdentityHashMap<>();
        /** Second copies of a claim in this batch, to the first copy. */
        private final Map<Received, Identified> duplicates = new IdentityHashMap<>();

        void decide(Received record, DeliveryOutcome outcome) {
            decided.putIfAbsent(record, outcome);
        }

        void duplicate(Identified copy, Identified first) {
            duplicates.put(copy.received(), first);
        }

        /** Those of {@code records} whose outcome is not decided yet. */
        <T extends InFlight> List<T> pending(List<T> records) {
            return records.stream().filter(r -> !decided.containsKey(r.received())).toList();
        }

        /** A partial batch response naming exactly the failed records (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html). */
        SQSBatchResponse response(List<Received> records) {
            List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
            for (Received r : records) {
                if (outcome(r) instanceof DeliveryOutcome.Failed) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(r.message().getMessageId()));
                }
            }
            return new SQSBatchResponse(failures);
        }

        /** A record's outcome; a second copy of a claim in the same batch shares the first copy's. */
        private DeliveryOutcome outcome(Received record) {
            Identified first = duplicates.get(record);
            if (first == null) {
                return decided.get(record);
            }
            DeliveryOutcome firstOutcome = decided.get(first.received());
            if (firstOutcome instanceof DeliveryOutcome.Failed) {
                return new DeliveryOutcome.Failed("another copy of " + first.claimId() + " in this batch failed; this copy is retried with it");
            }
            LOG.info("duplicate event in the same batch acknowledged claim={} messageId={}", first.claimId(), record.message().getMessageId());
            return firstOutcome;
        }
    }
}
