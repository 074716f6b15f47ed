package dev.herald.local.lambda;

import dev.herald.common.topology.FunctionSpec;
import dev.herald.local.FunctionInvoker.FunctionError;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One function of the Topology, run as Lambda runs it: a pool of execution environments (one
 * handler instance each, created on demand - a cold start, logged with its init time - and reused),
 * each serving one invocation at a time; at most {@code concurrency} at once; every invocation
 * bounded by the function timeout.
 *
 * <p>When every slot is busy, {@link #invoke} waits for one up to the function timeout and then
 * throws {@code FunctionError("TooManyRequestsException", "Rate Exceeded. ...")}, as a throttled
 * Invoke answers. A handler still running at its timeout is interrupted and its environment thrown
 * away (Lambda resets it); its slot is freed only when its thread really ends, so a handler that
 * ignores interrupts keeps using capacity, visibly.
 */
final class HostedFunction {
    private static final Logger LOG = LoggerFactory.getLogger(HostedFunction.class);
    static final String THROTTLED = "TooManyRequestsException";
    static final String TIMED_OUT = "Sandbox.Timedout";

    private final FunctionSpec spec;
    private final int concurrency;
    private final Semaphore slots;
    private final Supplier<HandlerClass> handlerClass;
    private final Executor executor;
    private final Deque<Environment> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger environments = new AtomicInteger();
    private final LongAdder invocations = new LongAdder();
    private final LongAdder handlerNanos = new LongAdder();
    private final LongAdder timeouts = new LongAdder();

    private record Environment(String id, Object handler) {
    }

    /** @param handlerClass loads the handler class (and the artifact's class loader) on first use */
    HostedFunction(FunctionSpec spec, int concurrency, Supplier<HandlerClass> handlerClass, Executor executor) {
        this.spec = spec;
        this.concurrency = concurrency;
        this.slots = new Semaphore(concurrency, true);
        this.handlerClass = handlerClass;
        this.executor = executor;
    }

    FunctionSpec spec() {
        return spec;
    }

    /** Handler runs so far and their total time. */
    LambdaHost.InvocationStats stats() {
        return new LambdaHost.InvocationStats(invocations.sum(), handlerNanos.sum(), timeouts.sum());
    }

    String invoke(String payload) {
        acquireSlot();
        boolean handedOff = false;
        try {
            HandlerClass type = handlerClass.get();
            Environment env = idle.pollFirst();
            if (env == null) {
                env = coldStart(type);
            }
            Call call = new Call(type, env, payload.getBytes(StandardCharsets.UTF_8));
            executor.execute(call);
            handedOff = true;
            return call.await();
        } finally {
            if (!handedOff) {
                slots.release();
            }
        }
    }

    private void acquireSlot() {
        try {
            if (!slots.tryAcquire(spec.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new FunctionError(THROTTLED, "Rate Exceeded. function " + spec.name() + " runs " + concurrency
                        + " invocations (its local concurrency limit) and none finished within " + spec.timeout().toSeconds() + " s", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FunctionError(THROTTLED, "interrupted while waiting to invoke " + spec.name(), e);
        }
    }

    private Environment coldStart(HandlerClass type) {
        String id = Integer.toHexString(environments.incrementAndGet()) + UUID.randomUUID().toString().substring(0, 8);
        long start = System.nanoTime();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(type.contexts().contextInterface().getClassLoader());
        try {
            Object handler = type.newInstance();
            LOG.info("cold start function={} environment={} initMs={}", spec.name(), id, (System.nanoTime() - start) / 1_000_000);
            return new Environment(id, handler);
        } catch (FunctionError e) {
            LOG.warn("init failed function={} errorType={} error={}", spec.name(), e.errorType(), e.getMessage());
            throw e;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** One invocation on an executor thread; the caller waits for it at most the function timeout. */
    private final class Call implements Runnable {
        private final HandlerClass type;
        private final Environment env;
        private final byte[] payload;
        private final String requestId = UUID.randomUUID().toString();
        private final long deadline;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final AtomicReference<Thread> runner = new AtomicReference<>();
        private final AtomicBoolean abandoned = new AtomicBoolean();

        Call(HandlerClass type, Environment env, byte[] payload) {
            this.type = type;
            this.env = env;
            this.payload = payload;
            this.deadline = System.nanoTime() + spec.timeout().toNanos();
        }

        @Override
        public void run() {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            runner.set(thread);
            byte[] answer = null;
            FunctionError error = null;
            try {
                if (abandoned.get()) {
                    throw new FunctionError(TIMED_OUT, "the invocation timed out before a thread ran it", null);
                }
                thread.setContextClassLoader(type.contexts().contextInterface().getClassLoader());
                Object context = type.contexts().context(requestId, env.id(), deadline);
                long started = System.nanoTime();
                try {
                    answer = type.invoke(env.handler(), payload, context);
                } finally {
                    invocations.increment();
                    handlerNanos.add(System.nanoTime() - started);
                }
            } catch (Throwable t) {
                error = HandlerClass.functionError(t);
            } finally {
                thread.setContextClassLoader(previous);
                synchronized (runner) {
                    runner.set(null);
                    Thread.interrupted(); // an interrupt meant for this call must not reach the pool thread's next task
                }
                // the environment and the slot are free before the caller hears back, so its next call finds them warm
                if (abandoned.get()) {
                    LOG.warn("handler finished after its timeout; environment discarded function={} requestId={}", spec.name(), requestId);
                } else {
                    idle.addFirst(env);
                }
                slots.release();
            }
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(answer);
            }
        }

        String await() {
            try {
                return new String(result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS), StandardCharsets.UTF_8);
            } catch (TimeoutException e) {
                abandon();
                timeouts.increment();
                LOG.warn("invocation timed out function={} requestId={} timeout={}", spec.name(), requestId, spec.timeout());
                throw new FunctionError(TIMED_OUT, requestId + " Task timed out after " + seconds(spec.timeout()) + " seconds", null);
            } catch (ExecutionException e) {
                FunctionError error = (FunctionError) e.getCause();
                LOG.warn("invocation failed function={} requestId={} errorType={} error={}", spec.name(), requestId, error.errorType(), error.getMessage());
                throw error;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abandon();
                throw new FunctionError("Runtime.Interrupted", "the caller of " + spec.name() + " was interrupted", e);
            }
        }

        private void abandon() {
            abandoned.set(true);
            synchronized (runner) {
                Thread t = runner.get();
                if (t != null) {
                    t.interrupt();
                }
            }
        }
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.2f", d.toMillis() / 1000.0);
    }
}
