package dev.herald.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PipelineTest {
    @Test
    void notificationIdOf_readsItFromTheFramesDeliveryId() {
        String frame = "{\"type\":\"notification\",\"deliveryId\":\"tp25-abc-17#websocket#user-2\",\"title\":\"x\"}";
        assertThat(Pipeline.notificationIdOf(frame)).isEqualTo("tp25-abc-17");
    }

    @Test
    void notificationIdOf_whenTheFrameIsNoNotification_isNull() {
        assertThat(Pipeline.notificationIdOf("{\"type\":\"ack\"}")).isNull();
    }

    @Test
    void run_countsEachFrameOnce_andIgnoresOtherRuns() {
        Run run = new Run("lat-x", 3);
        run.intendedNanos[1] = 1_000;
        run.frame("lat-x-1", 5_000);
        run.frame("lat-x-1", 6_000);
        run.frame("lat-x-9", 6_000);
        assertThat(run.frames()).isEqualTo(1);
        assertThat(run.duplicates()).isEqualTo(1);
        assertThat(run.latency().getMaxValue()).isBetween(3_990L, 4_010L);
    }
}
