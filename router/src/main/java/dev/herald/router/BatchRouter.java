package dev.herald.router;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.herald.common.delivery.DeliveryOutcome;
import dev.herald.common.event.Priority;
import dev.herald.common.lambda.SqsBatch;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.LedgerEntry;
import dev.herald.common.store.PreferenceStore;
import dev.herald.common.store.Preferences;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes one ingress batch (up to 10 records) in phases, so the requests of the whole batch are shared: each record is
 * planned, claimed and expanded; one preferences read serves every user of the batch; each record is filtered and
 * enriched; the rows of records claimed the first time are written together ({@link DeliveryLedger#recordAll}), those of
 * records routed before one by one, conditionally; then the channel messages of every record go out together, per
 * channel in SendMessageBatch calls of up to 10 ({@link ChannelFanOut}); then each record is completed or failed on its
 * own. A failed row, message or call fails only the records it belongs to, and the partial batch response names
 * exactly those (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html). The per-record steps
 * (claims, enrichment, conditional rows, completion) and the SendMessageBatch calls run side by side ({@link Parallel}).
 */
final class BatchRouter {
    private static final Logger LOG = LoggerFactory.getLogger(BatchRouter.class);

    private final RoutePlanner planner;
    private final NotificationRouter router;
    private final PreferenceStore preferences;
    private final DeliveryLedger ledger;
    private final ChannelFanOut fanOut;
    private final Parallel parallel;

    BatchRouter(RoutePlanner planner, NotificationRouter router, PreferenceStore preferences, DeliveryLedger ledger, ChannelFanOut fanOut,
                Parallel parallel) {
        this.parallel = parallel;
        this.planner = planner;
        this.router = router;
        this.preferences = preferences;
        this.ledger = ledger;
        this.fanOut = fanOut;
    }

    SQSBatchResponse route(SQSEvent event) {
        List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        List<RoutingJob> jobs = new ArrayList<>();
        List<RoutingJob> toClaim = new ArrayList<>();
        Map<String, RoutingJob> claims = new HashMap<>();
        for (SQSEvent.SQSMessage record : records) {
            RoutingJob job = new RoutingJob(record, SqsBatch.receiveCount(record));
            jobs.add(job);
            guarded(job, () -> {
                if (identify(job, claims)) {
                    toClaim.add(job);
                }
            });
        }
        parallel.forEach(toClaim, job -> guarded(job, () -> router.claimAndExpand(job)));
        Map<String, Preferences> prefs = readPreferences(jobs);
        parallel.forEach(pending(jobs), job -> guarded(job, () -> router.prepare(job, prefs)));
        writeRows(pending(jobs));
        send(pending(jobs));
        parallel.forEach(pending(jobs), job -> guarded(job, () -> router.finish(job)));
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (RoutingJob job : jobs) {
            if (outcome(job) instanceof DeliveryOutcome.Failed) {
                failures.add(new SQSBatchResponse.BatchItemFailure(job.record.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    private boolean identify(RoutingJob job, Map<String, RoutingJob> claims) {
        return switch (AudienceChunks.read(job.record)) {
            case AudienceChunks.Marking.Invalid invalid -> {
                router.reject(job, invalid.reason());
                yield false;
            }
            case AudienceChunks.Marking.Valid valid -> router.identify(job, planner.plan(job.record.getBody()), valid.chunk(), claims);
            case AudienceChunks.Marking.None none -> router.identify(job, planner.plan(job.record.getBody()), null, claims);
        };
    }

    /** One read for the users of every record that needs preferences (critical notifications ignore them). */
    private Map<String, Preferences> readPreferences(List<RoutingJob> jobs) {
        List<RoutingJob> needing = pending(jobs).stream().filter(j -> j.plan.priority() != Priority.CRITICAL && !j.users.isEmpty()).toList();
        Set<String> users = new LinkedHashSet<>();
        needing.forEach(j -> users.addAll(j.users));
        if (users.isEmpty()) {
            return Map.of();
        }
        try {
            return preferences.findAll(users);
        } catch (RuntimeException e) {
            needing.forEach(j -> router.fail(j, "routing failed: " + e));
            return Map.of();
        }
    }

    private void writeRows(List<RoutingJob> jobs) {
        List<LedgerEntry> fresh = new ArrayList<>();
        Map<String, RoutingJob> owners = new HashMap<>();
        for (RoutingJob job : jobs.stream().filter(RoutingJob::fresh).toList()) {
            job.rows.forEach(r -> owners.put(r.deliveryId(), job));
            fresh.addAll(job.rows);
            job.outgoing.forEach(o -> {
                owners.put(o.message().deliveryId(), job);
                fresh.add(ChannelFanOut.queuedRow(o.message()));
            });
        }
        // records routed before (retries, chunks): one conditional write per row, record by record side by side
        parallel.forEach(jobs.stream().filter(j -> !j.fresh()).toList(), job -> guarded(job, () -> {
            job.rows.forEach(ledger::recordIfAbsent);
            List<ChannelFanOut.Outgoing> keep = fanOut.keepUnsent(job.outgoing);
            job.already = job.outgoing.size() - keep.size();
            job.outgoing.clear();
            job.outgoing.addAll(keep);
        }));
        if (fresh.isEmpty()) {
            return;
        }
        try {
            DeliveryLedger.BatchWrite written = ledger.recordAll(fresh);
            for (String id : written.unwritten()) {
                RoutingJob job = owners.get(id);
                job.unrecorded.add(id + ": " + written.reason());
                job.outgoing.removeIf(o -> o.message().deliveryId().equals(id));
            }
        } catch (RuntimeException e) {
            jobs.stream().filter(RoutingJob::fresh).filter(RoutingJob::pending).forEach(j -> router.fail(j, "routing failed: " + e));
        }
    }

    private void send(List<RoutingJob> jobs) {
        List<ChannelFanOut.Outgoing> all = new ArrayList<>();
        Map<String, RoutingJob> owners = new HashMap<>();
        for (RoutingJob job : jobs) {
            job.outgoing.forEach(o -> owners.put(o.message().deliveryId(), job));
            all.addAll(job.outgoing);
        }
        if (all.isEmpty()) {
            return;
        }
        try {
            for (ChannelFanOut.Failure f : fanOut.send(all)) {
                owners.get(f.deliveryId()).failures.add(f.toString());
            }
        } catch (RuntimeException e) {
            jobs.forEach(j -> router.fail(j, "routing failed: " + e));
            return;
        }
        jobs.forEach(j -> j.queued = j.outgoing.size() - j.failures.size());
    }

    /** Runs one record's step; a fault fails that record only. */
    private void guarded(RoutingJob job, Runnable step) {
        try {
            step.run();
        } catch (LambdaEnricher.EnrichmentFault e) {
            router.fail(job, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("record failed; SQS will redeliver it messageId={} error={}", job.record.getMessageId(), e.toString());
            router.fail(job, "routing failed: " + e);
        }
    }

    private static List<RoutingJob> pending(List<RoutingJob> jobs) {
        return jobs.stream().filter(RoutingJob::pending).toList();
    }

    /** A record's outcome; a second copy of a claim in the same batch shares the first copy's. */
    private static DeliveryOutcome outcome(RoutingJob job) {
        if (job.duplicateOf == null) {
            return job.outcome();
        }
        DeliveryOutcome first = job.duplicateOf.outcome();
        if (first instanceof DeliveryOutcome.Failed) {
            return new DeliveryOutcome.Failed("another copy of " + job.claimId + " in this batch failed; this copy is retried with it");
        }
        LOG.info("duplicate event in the same batch acknowledged claim={} messageId={}", job.claimId, job.record.getMessageId());
        return first;
    }
}
