package dev.herald.router;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the batch's digest flush messages (attribute {@value DigestStore#ATTRIBUTE}, or a scheduled flush's body:
 * {@link DigestStore#flushKey}) into the events they stand for
 * ({@link DigestStore#flushBody}) before the batch is routed; a flush whose digest cannot be read is retried by SQS, one
 * whose digest has expired is dropped with a warning (its events were recorded {@code digested} long ago).
 */
final class DigestFlushes {
    private static final Logger LOG = LoggerFactory.getLogger(DigestFlushes.class);

    private final DigestStore digests;
    private final Clock clock;

    DigestFlushes(DigestStore digests, Clock clock) {
        this.digests = digests;
        this.clock = clock;
    }

    SQSBatchResponse route(SQSEvent event, Function<SQSEvent, SQSBatchResponse> router) {
        if (event == null || event.getRecords() == null) {
            return router.apply(event);
        }
        List<SQSEvent.SQSMessage> routed = new ArrayList<>();
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage m : event.getRecords()) {
            String flush = DigestStore.flushKey(m);
            if (flush == null) {
                routed.add(m);
                continue;
            }
            try {
                String body = digests.flushBody(flush, clock.instant());
                if (body == null) {
                    LOG.warn("digest flush without its digest (expired) messageId={} digest={}", m.getMessageId(), flush);
                    continue;
                }
                m.setBody(body);
                m.setMessageAttributes(null);
                routed.add(m);
            } catch (RuntimeException e) {
                LOG.warn("digest flush failed, the record will be retried messageId={} reason={}", m.getMessageId(), e.toString());
                failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
            }
        }
        SQSEvent rest = new SQSEvent();
        rest.setRecords(routed);
        SQSBatchResponse response = router.apply(rest);
        if (!failures.isEmpty()) {
            List<SQSBatchResponse.BatchItemFailure> all = new ArrayList<>(response.getBatchItemFailures());
            all.addAll(failures);
            response.setBatchItemFailures(all);
        }
        return response;
    }
}
