package dev.herald.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.delivery.RenderedContent;
import dev.herald.common.event.Channel;
import dev.herald.common.event.Priority;
import dev.herald.common.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelFanOutTest {
    private static ChannelFanOut.Outgoing message(int i, int htmlChars) {
        return ChannelFanOut.Outgoing.of(new ChannelMessage("n#email#u" + i, "n", "order.shipped", "shop", Channel.EMAIL, "u" + i,
                "orders", Priority.NORMAL, RenderedContent.email("s", "x".repeat(htmlChars), "t"), Json.object(), "en", "n",
                Instant.EPOCH, null), 0);
    }

    @Test
    void batches_atMostTenEntries() {
        List<ChannelFanOut.Outgoing> messages = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            messages.add(message(i, 10));
        }
        assertThat(ChannelFanOut.batches(messages)).extracting(List::size).containsExactly(10, 10, 3);
    }

    @Test
    void batches_atMost256KiBPerCall_andAnOversizedMessageAlone() {
        List<ChannelFanOut.Outgoing> messages = List.of(message(0, 100_000), message(1, 100_000), message(2, 100_000),
                message(3, 300_000), message(4, 10));
        assertThat(ChannelFanOut.batches(messages)).extracting(List::size).containsExactly(2, 1, 1, 1);
    }
}
