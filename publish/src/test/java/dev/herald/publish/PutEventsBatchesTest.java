package dev.herald.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

class PutEventsBatchesTest {
    @Test
    void entrySize_countsUtf8BytesOfSourceDetailTypeDetailAndResources() {
        PutEventsRequestEntry e = PutEventsRequestEntry.builder().source("shop").detailType("caf\u00e9")
                .detail("{\"a\":\"\u20ac\"}").resources("arn:1", "arn:22").eventBusName("not-counted").build();
        // 4 + 5 (é is 2 bytes) + 11 (€ is 3 bytes) + 5 + 6
        assertThat(PutEventsBatches.entrySize(e)).isEqualTo(31);
    }

    @Test
    void entrySize_timeCountsFourteenBytes() {
        PutEventsRequestEntry e = PutEventsRequestEntry.builder().source("s").detailType("t").detail("{}").time(Instant.EPOCH).build();
        assertThat(PutEventsBatches.entrySize(e)).isEqualTo(14 + 1 + 1 + 2);
    }

    @Test
    void split_twentyFiveSmallEntries_makesBatchesOfTen() {
        List<Integer> items = IntStream.range(0, 25).boxed().toList();
        assertThat(PutEventsBatches.split(items, i -> 100)).extracting(List::size).containsExactly(10, 10, 5);
    }

    @Test
    void split_entriesAboveTheRequestSize_startANewBatch() {
        int third = 100 * 1024;
        assertThat(PutEventsBatches.split(List.of(third, third, third, 10, 160 * 1024), i -> i))
                .containsExactly(List.of(third, third), List.of(third, 10), List.of(160 * 1024));
    }

    @Test
    void split_exactlyTheLimit_fitsOneRequest() {
        int half = PutEventsBatches.MAX_REQUEST_BYTES / 2;
        assertThat(PutEventsBatches.split(List.of(half, half), i -> i)).hasSize(1);
    }
}
