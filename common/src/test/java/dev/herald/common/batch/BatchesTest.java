package dev.herald.common.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchesTest {
    @Test
    void split_manySmallItems_makesBatchesOfAtMostMaxEntries() {
        List<Integer> items = IntStream.range(0, 23).boxed().toList();
        assertThat(Batches.split(items, 10, 1000, i -> 1)).extracting(List::size).containsExactly(10, 10, 3);
    }

    @Test
    void split_itemsOverTheByteLimit_startANewBatch_andKeepTheirOrder() {
        assertThat(Batches.split(List.of(40, 40, 40, 10, 70), 10, 100, i -> i))
                .containsExactly(List.of(40, 40), List.of(40, 10), List.of(70));
    }

    @Test
    void split_exactlyTheLimit_fitsOneBatch() {
        assertThat(Batches.split(List.of(50, 50), 10, 100, i -> i)).hasSize(1);
    }

    @Test
    void split_anItemLargerThanTheLimit_goesAlone() {
        assertThat(Batches.split(List.of(10, 300, 10), 10, 100, i -> i))
                .containsExactly(List.of(10), List.of(300), List.of(10));
    }

    @Test
    void split_nothing_makesNoBatch() {
        assertThat(Batches.split(List.<Integer>of(), 10, 100, i -> i)).isEmpty();
    }

    @Test
    void split_limitsUnderOne_areRefusedWithTheValues() {
        assertThatThrownBy(() -> Batches.split(List.of(1), 0, 100, i -> i))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxEntries=0");
    }
}
