package dev.herald.common.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class BoundedPoolTest {
    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    @Test
    void newPool_startsNoThread_untilFirstUse() {
        BoundedPool pool = new BoundedPool("test-lazy", 4);
        assertThat(pool.liveThreads()).isZero();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("test-lazy-"));
    }

    @Test
    void forEach_runsEachItemWithTheCallersMdc_onDaemonThreads() {
        BoundedPool pool = new BoundedPool("test-mdc", 4);
        MDC.put("AWSRequestId", "req-1");
        Set<String> seen = ConcurrentHashMap.newKeySet();
        Set<Boolean> daemons = ConcurrentHashMap.newKeySet();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        pool.forEach(IntStream.range(0, 8).boxed().toList(), i -> {
            seen.add(i + ":" + MDC.get("AWSRequestId"));
            daemons.add(Thread.currentThread().isDaemon());
            threads.add(Thread.currentThread().getName());
        });
        assertThat(seen).hasSize(8).allMatch(s -> s.endsWith(":req-1"));
        assertThat(daemons).containsExactly(true);
        assertThat(threads).allMatch(n -> n.startsWith("test-mdc-"));
    }

    @Test
    void aTask_leavesNoMdcBehindOnThePoolsThreads() {
        BoundedPool pool = new BoundedPool("test-clean", 2);
        MDC.put("AWSRequestId", "req-1");
        pool.forEach(IntStream.range(0, 6).boxed().toList(), i -> { });
        MDC.clear();
        assertThat(pool.map(IntStream.range(0, 6).boxed().toList(), i -> String.valueOf(MDC.get("AWSRequestId"))))
                .containsOnly("null");
    }

    @Test
    void forEach_runsAtMostSizeTasksAtOnce() {
        BoundedPool pool = new BoundedPool("test-bound", 3);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch threeIn = new CountDownLatch(3);
        pool.forEach(IntStream.range(0, 9).boxed().toList(), i -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            threeIn.countDown();
            try {
                threeIn.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
        });
        assertThat(most.get()).isEqualTo(3);
    }

    @Test
    void idleThreads_end() throws Exception {
        BoundedPool pool = new BoundedPool("test-idle", 3, Duration.ofMillis(50));
        pool.forEach(List.of(1, 2, 3), i -> { });
        for (int i = 0; i < 200 && pool.liveThreads() > 0; i++) {
            Thread.sleep(50);
        }
        assertThat(pool.liveThreads()).isZero();
    }

    @Test
    void forEach_runsEveryItem_thenRethrowsTheFirstFailure() {
        BoundedPool pool = new BoundedPool("test-fail", 4);
        AtomicInteger ran = new AtomicInteger();
        assertThatThrownBy(() -> pool.forEach(IntStream.range(0, 6).boxed().toList(), i -> {
            ran.incrementAndGet();
            if (i == 2) {
                throw new IllegalArgumentException("item 2 is bad");
            }
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("item 2 is bad");
        assertThat(ran.get()).isEqualTo(6);
    }

    @Test
    void map_returnsTheResultsInTheItemsOrder() {
        BoundedPool pool = new BoundedPool("test-map", 4);
        assertThat(pool.map(IntStream.range(0, 20).boxed().toList(), i -> i * 2))
                .containsExactlyElementsOf(IntStream.range(0, 20).map(i -> i * 2).boxed().toList());
    }

    @Test
    void sizeOne_runsOnTheCaller() throws Exception {
        BoundedPool pool = new BoundedPool("test-one", 1);
        assertThat(pool.submit(() -> Thread.currentThread()).get()).isSameAs(Thread.currentThread());
        assertThat(pool.parallel()).isFalse();
    }

    @Test
    void sizeUnderOne_isRefused() {
        assertThatThrownBy(() -> new BoundedPool("test-zero", 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size 0");
    }
}
