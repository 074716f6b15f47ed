package dev.herald.router;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A small bounded pool for the router's per-record steps: the router waits on DynamoDB, SQS and Lambda, one request
 * after another, not on the CPU, so the records of a batch are stepped side by side. Only the top level of a batch
 * uses it (a task never submits another, so the pool cannot starve itself). Parallelism 1 runs everything on the
 * calling thread. Threads are daemons started on first use, not at init (SnapStart restores no running work).
 */
final class Parallel {
    private final int parallelism;
    private final ExecutorService pool;

    Parallel(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1; got " + parallelism);
        }
        this.parallelism = parallelism;
        AtomicInteger n = new AtomicInteger();
        this.pool = parallelism == 1 ? null : Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "herald-router-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    int parallelism() {
        return parallelism;
    }

    /** Runs {@code action} for every item and returns once all have run; an action's unchecked exception is rethrown. */
    <T> void forEach(List<T> items, Consumer<T> action) {
        if (pool == null || items.size() < 2) {
            items.forEach(action);
            return;
        }
        List<Future<?>> running = new ArrayList<>(items.size());
        for (T item : items) {
            running.add(pool.submit(() -> action.accept(item)));
        }
        RuntimeException first = null;
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the batch's records", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                if (first == null) {
                    first = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
