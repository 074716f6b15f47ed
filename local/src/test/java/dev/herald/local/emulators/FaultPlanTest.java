package dev.herald.local.emulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FaultPlanTest {
    @Test
    void next_servesTheFaultExactlyTimesForItsKey_thenNothing() {
        FaultPlan<Integer> plan = new FaultPlan<>();
        plan.inject("token-a", 500, 2);

        assertThat(plan.next("token-b")).isEmpty();
        assertThat(plan.next("token-a")).contains(500);
        assertThat(plan.next("token-a")).contains(500);
        assertThat(plan.next("token-a")).isEmpty();
        assertThat(plan.served("token-a")).isEqualTo(2);
        assertThat(plan.remaining("token-a")).isZero();
    }

    @Test
    void always_neverRunsOut_untilCleared() {
        FaultPlan<String> plan = new FaultPlan<>();
        plan.inject("fn", "died", FaultPlan.ALWAYS);
        for (int i = 0; i < 100; i++) {
            assertThat(plan.next("fn")).contains("died");
        }
        plan.clear("fn");
        assertThat(plan.next("fn")).isEmpty();
        assertThat(plan.served("fn")).isEqualTo(100);
    }

    @Test
    void concurrentRequests_neverGetMoreFaultsThanPlanned() throws Exception {
        FaultPlan<Integer> plan = new FaultPlan<>();
        plan.inject("k", 429, 50);
        AtomicInteger got = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 400; i++) {
            pool.submit(() -> plan.next("k").ifPresent(f -> got.incrementAndGet()));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(got.get()).isEqualTo(50);
        assertThat(plan.served("k")).isEqualTo(50);
    }

    @Test
    void inject_withNoTimes_isRefusedWithTheFix() {
        assertThatThrownBy(() -> new FaultPlan<Integer>().inject("k", 500, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FaultPlan.ALWAYS");
    }
}
