package dev.herald.local.lambda;

import dev.herald.common.topology.FunctionSpec;
import dev.herald.common.topology.SqsTrigger;
import dev.herald.local.FunctionInvoker;
import dev.herald.local.emulators.FaultPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * One SQS event source mapping: {@link SqsTrigger#maxConcurrency()} pollers on one queue, each
 * receiving a batch, invoking the function with it and deleting what succeeded (see
 * {@link BatchResponse}). What is not deleted reappears after the queue's visibility timeout with
 * a higher ApproximateReceiveCount; the queue's own redrive policy moves it to the dead-letter queue
 * after maxReceiveCount receives - the mapping never does.
 *
 * <p>Batching as Lambda does: a long poll for up to {@code min(10, batchSize)} messages; with a
 * batching window, more receives until the batch is full or the window, counted from the first
 * message, has passed. Without a window the first non-empty receive is the batch.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
 */
final class SqsMapping {
    private static final Logger LOG = LoggerFactory.getLogger(SqsMapping.class);
    /**
     * Lambda's pollers wait up to 20 s; here 5 s. ElasticMQ lets a long poll in flight run out before it stops, and a
     * poller blocked in one cannot be cut short, so this bounds how long {@code herald up} takes to stop when idle. Under
     * load a receive returns as soon as messages are there, so only idle polls (about 12 a minute per queue) differ.
     */
    static final int LONG_POLL_SECONDS = 5;
    private static final int SQS_MAX_MESSAGES = 10;

    private final FunctionSpec function;
    private final SqsTrigger trigger;
    private final FunctionInvoker invoker;
    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final String region;
    private final FaultPlan<String> faults;
    private final List<Poller> pollers = new ArrayList<>();
    private volatile boolean stopping;

    SqsMapping(FunctionSpec function, FunctionInvoker invoker, SqsClient sqs, String queueUrl, String queueArn, String region,
               FaultPlan<String> faults) {
        this.faults = faults;
        this.function = function;
        this.trigger = function.trigger().orElseThrow();
        this.invoker = invoker;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.region = region;
    }

    void start() {
        for (int i = 0; i < Math.max(1, trigger.maxConcurrency()); i++) {
            Poller p = new Poller();
            pollers.add(p);
            p.thread = Thread.ofVirtual().name("sqs-" + trigger.queue() + "-" + i).start(p);
        }
        LOG.info("event source mapping started queue={} function={} batchSize={} window={} pollers={}",
                trigger.queue(), function.name(), trigger.batchSize(), trigger.maxBatchingWindow(), pollers.size());
    }

    /** Asks the pollers to stop: an idle long poll is interrupted, a batch in flight finishes. */
    void stop() {
        stopping = true;
        pollers.forEach(Poller::interruptIfIdle);
    }

    /** @return false when a poller did not end in time */
    boolean await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Poller p : pollers) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !p.thread.join(Duration.ofNanos(left))) {
                return false;
            }
        }
        return true;
    }

    private final class Poller implements Runnable {
        private final Object lock = new Object();
        private Thread thread;
        private boolean interruptible;
        private int failures;

        @Override
        public void run() {
            while (!stopping) {
                try {
                    List<Message> batch = collect();
                    if (!batch.isEmpty() && stopping) {
                        release(batch);
                    } else if (!batch.isEmpty()) {
                        process(batch);
                    }
                    failures = 0;
                } catch (RuntimeException e) {
                    if (!stopping) {
                        backOff(e);
                    }
                }
            }
        }

        private List<Message> collect() {
            List<Message> batch = new ArrayList<>(receive(LONG_POLL_SECONDS, trigger.batchSize()));
            Duration window = trigger.maxBatchingWindow();
            if (batch.isEmpty() || window.isZero() || window.isNegative()) {
                return batch;
            }
            long deadline = System.nanoTime() + window.toNanos();
            while (batch.size() < trigger.batchSize() && !stopping) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                int waitSeconds = (int) Math.min(LONG_POLL_SECONDS, Math.max(1, (left + 999_999_999L) / 1_000_000_000L));
                batch.addAll(receive(waitSeconds, trigger.batchSize() - batch.size()));
            }
            return batch;
        }

        private List<Message> receive(int waitSeconds, int wanted) {
            if (!enterInterruptible()) {
                return List.of();
            }
            try {
                return sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                        .maxNumberOfMessages(Math.min(SQS_MAX_MESSAGES, wanted))
                        .waitTimeSeconds(waitSeconds)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                        .messageAttributeNames("All")).messages();
            } catch (SdkException e) {
                if (stopping) {
                    return List.of(); // interrupted by stop(): nothing was received
                }
                throw e;
            } finally {
                leaveInterruptible();
            }
        }

        /** Between this and {@link #leaveInterruptible()} the poller waits on nothing but SQS or a back-off. */
        private boolean enterInterruptible() {
            synchronized (lock) {
                if (stopping) {
                    return false;
                }
                interruptible = true;
                return true;
            }
        }

        private void leaveInterruptible() {
            synchronized (lock) {
                interruptible = false;
                Thread.interrupted(); // a stop() that came as the receive returned: the batch still runs
            }
        }

        void interruptIfIdle() {
            synchronized (lock) {
                if (interruptible && thread != null) {
                    thread.interrupt();
                }
            }
        }

        private void process(List<Message> batch) {
            Set<String> ids = batch.stream().map(Message::messageId).collect(Collectors.toSet());
            BatchResponse verdict;
            try {
                String answer = invoker.invoke(function.name(), SqsEventJson.event(batch, queueArn, region));
                verdict = BatchResponse.read(answer, ids, trigger.reportBatchItemFailures());
            } catch (FunctionInvoker.FunctionError e) {
                verdict = new BatchResponse.AllFailed("function error " + e.errorType() + ": " + e.getMessage());
            } catch (RuntimeException e) {
                verdict = new BatchResponse.AllFailed("invocation failed: " + e);
            }
            if (faults.next(function.name()).isPresent()) {
                lostAfterReturn(batch);
                return;
            }
            List<Message> done = switch (verdict) {
                case BatchResponse.AllSucceeded ok -> batch;
                case BatchResponse.SomeFailed some -> batch.stream().filter(m -> !some.failedIds().contains(m.messageId())).toList();
                case BatchResponse.AllFailed failed -> {
                    LOG.warn("batch failed; every message returns after its visibility timeout queue={} function={} messages={} reason={}",
                            trigger.queue(), function.name(), batch.size(), failed.reason());
                    yield List.of();
                }
            };
            if (verdict instanceof BatchResponse.SomeFailed some) {
                LOG.info("partial batch failure queue={} function={} messages={} failed={}",
                        trigger.queue(), function.name(), batch.size(), some.failedIds().size());
            }
            delete(done);
        }

        /**
         * An injected fault: the function ran (and sent), then "died" before the batch was deleted, as after
         * a crash or a timeout past the handler's return. Nothing is deleted; the batch is made visible again
         * after 1 s instead of after the queue's visibility timeout, so the redelivery comes at once.
         */
        private void lostAfterReturn(List<Message> batch) {
            LOG.warn("injected fault: batch not deleted after the function returned queue={} function={} messages={}",
                    trigger.queue(), function.name(), batch.size());
            makeVisibleAfter(batch, 1);
        }

        /**
         * Received as the mapping stops, before the function saw it: visible again at once (not after the queue's
         * visibility timeout), so the next start - or another consumer - takes it straight away.
         */
        private void release(List<Message> batch) {
            try {
                makeVisibleAfter(batch, 0);
            } catch (SdkException e) {
                LOG.info("messages received while stopping return after their visibility timeout queue={} messages={} error={}",
                        trigger.queue(), batch.size(), e.toString());
            }
        }

        private void makeVisibleAfter(List<Message> batch, int seconds) {
            for (int i = 0; i < batch.size(); i += SQS_MAX_MESSAGES) {
                List<Message> chunk = batch.subList(i, Math.min(batch.size(), i + SQS_MAX_MESSAGES));
                List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
                for (int j = 0; j < chunk.size(); j++) {
                    entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(j))
                            .receiptHandle(chunk.get(j).receiptHandle()).visibilityTimeout(seconds).build());
                }
                sqs.changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl).entries(entries));
            }
        }

        private void delete(List<Message> messages) {
            for (int i = 0; i < messages.size(); i += SQS_MAX_MESSAGES) {
                List<Message> chunk = messages.subList(i, Math.min(messages.size(), i + SQS_MAX_MESSAGES));
                List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
                for (int j = 0; j < chunk.size(); j++) {
                    entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(j)).receiptHandle(chunk.get(j).receiptHandle()).build());
                }
                DeleteMessageBatchResponse response = sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
                if (response.hasFailed() && !response.failed().isEmpty()) {
                    // as on AWS: the message was processed but will be delivered again; the ledger makes that harmless
                    LOG.warn("could not delete processed messages; they will be delivered again queue={} failed={}",
                            trigger.queue(), response.failed());
                }
            }
        }

        private void backOff(RuntimeException e) {
            failures++;
            long millis = Math.min(30_000L, 500L << Math.min(6, failures));
            LOG.warn("polling failed; retrying queue={} inMs={} error={}", trigger.queue(), millis, e.toString());
            if (!enterInterruptible()) {
                return;
            }
            try {
                Thread.sleep(millis);
            } catch (InterruptedException interrupted) {
                // stop() woke us: the loop sees stopping
            } finally {
                leaveInterruptible();
            }
        }
    }
}
