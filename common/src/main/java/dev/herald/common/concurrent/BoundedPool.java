package dev.herald.common.concurrent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.MDC;

/**
 * A pool of at most {@code size} threads that runs the records of one Lambda batch side by side: the functions wait on
 * DynamoDB, SQS, Lambda and the providers, one request after another, not on the CPU.
 *
 * <ul>
 * <li>Threads start on first use, not when the pool is built (a SnapStart snapshot is taken after init and restores no
 * running threads), and end after {@link #IDLE} without work, so an idle execution environment holds none.</li>
 * <li>They are daemon threads: a pool never keeps a JVM (the local runtime, a test) alive.</li>
 * <li>They are platform threads: Lambda's Java 21 pins a virtual thread that blocks inside {@code synchronized}, as the
 * SDK's HTTP client can.</li>
 * <li>A task runs with the logging context (MDC) of the thread that submitted it - the Lambda request id a logging
 * integration puts there - and leaves none behind on the pool's thread.</li>
 * <li>Size 1 runs every task on the calling thread, one after another.</li>
 * </ul>
 *
 * A task must not submit to the pool it runs on and wait for that (the pool could starve itself).
 */
public final class BoundedPool {
    /** How long a thread waits for work before it ends. */
    public static final Duration IDLE = Duration.ofSeconds(30);
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int size;
    private final ThreadPoolExecutor executor;

    /**
     * @param name the threads' name prefix, e.g. {@code herald-router} (threads are {@code name-pool-thread})
     * @param size how many tasks run at once, 1 or more
     * @throws IllegalArgumentException if {@code size} is under 1
     */
    public BoundedPool(String name, int size) {
        this(name, size, IDLE);
    }

    BoundedPool(String name, int size, Duration idle) {
        if (size < 1) {
            throw new IllegalArgumentException("a pool runs at least 1 task at once; got size " + size + " for " + name);
        }
        this.size = size;
        if (size == 1) {
            this.executor = null;
            return;
        }
        String prefix = name + "-" + POOLS.incrementAndGet() + "-";
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(size, size, idle.toMillis(), TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, prefix + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
    }

    /** How many tasks run at once. */
    public int size() {
        return size;
    }

    /** Whether tasks run side by side (size over 1); else {@link #submit} runs them on the caller. */
    public boolean parallel() {
        return executor != null;
    }

    /** Threads alive right now (0 before first use and after {@link #IDLE} without work). */
    public int liveThreads() {
        return executor == null ? 0 : executor.getPoolSize();
    }

    /**
     * Runs {@code task} on the pool with the caller's MDC; with size 1, on the caller, before returning.
     *
     * @return the task's future; its exception, if any, is in the future
     */
    public <T> Future<T> submit(Callable<T> task) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        if (executor == null) {
            java.util.concurrent.FutureTask<T> now = new java.util.concurrent.FutureTask<>(task);
            now.run();
            return now;
        }
        return executor.submit(() -> {
            if (context == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(context);
            }
            try {
                return task.call();
            } finally {
                MDC.clear();
            }
        });
    }

    /**
     * Runs {@code action} for every item, side by side, and returns once all have run. The first unchecked exception of
     * an action is rethrown (after all have run); an {@link Error} at once.
     *
     * @throws IllegalStateException if the calling thread is interrupted while it waits
     */
    public <T> void forEach(List<T> items, Consumer<? super T> action) {
        map(items, item -> {
            action.accept(item);
            return null;
        });
    }

    /**
     * Applies {@code fn} to every item, side by side, and returns the results in the items' order once all have run.
     * The first unchecked exception of {@code fn} is rethrown (after all have run); an {@link Error} at once.
     *
     * @throws IllegalStateException if the calling thread is interrupted while it waits (the unfinished tasks are cancelled)
     */
    public <T, R> List<R> map(List<T> items, Function<? super T, ? extends R> fn) {
        List<R> results = new ArrayList<>(items.size());
        if (executor == null || items.size() < 2) {
            items.forEach(item -> results.add(fn.apply(item)));
            return results;
        }
        List<Future<R>> running = new ArrayList<>(items.size());
        for (T item : items) {
            running.add(submit(() -> fn.apply(item)));
        }
        RuntimeException first = null;
        for (Future<R> f : running) {
            try {
                results.add(f.get());
            } catch (InterruptedException e) {
                running.forEach(r -> r.cancel(true));
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the batch's tasks; the unfinished ones were cancelled", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                if (first == null) {
                    first = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
                results.add(null);
            }
        }
        if (first != null) {
            throw first;
        }
        return results;
    }
}
