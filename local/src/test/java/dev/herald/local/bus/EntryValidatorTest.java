package dev.herald.local.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.local.EventPublisher;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntryValidatorTest {
    @Test
    void check_validEntry_returnsTheParsedDetail() {
        EntryValidator.Checked c = EntryValidator.check(entry("shop", "order.shipped", "{\"a\":1}"));

        assertThat(c.rejection()).isNull();
        assertThat(c.detail().path("a").asInt()).isEqualTo(1);
    }

    @Test
    void check_detailNotAJsonObject_isMalformedDetail() {
        for (String detail : List.of("nope", "[]", "\"text\"", "42", "{\"unclosed\":")) {
            assertThat(EntryValidator.check(entry("shop", "t", detail)).rejection().errorCode()).as(detail).isEqualTo("MalformedDetail");
        }
    }

    @Test
    void check_missingSourceDetailTypeOrDetail_isInvalidArgumentNamingIt() {
        assertThat(EntryValidator.check(entry(null, "t", "{}")).rejection().errorMessage()).contains("Source");
        assertThat(EntryValidator.check(entry("s", " ", "{}")).rejection().errorMessage()).contains("DetailType");
        assertThat(EntryValidator.check(entry("s", "t", null)).rejection())
                .extracting(EntryValidator.Rejection::errorCode).isEqualTo("InvalidArgument");
    }

    @Test
    void size_countsAsEventBridgeDoes_andTheLimitIs256KiB() {
        EventPublisher.Entry withTime = new EventPublisher.Entry("ab", "cd", "{}", List.of("r1"), null, Instant.EPOCH);
        String detail = "{\"x\":\"" + "é".repeat(131_072) + "\"}";

        assertThat(EntryValidator.size(withTime)).isEqualTo(14 + 2 + 2 + 2 + 2);
        assertThat(EntryValidator.check(entry("s", "t", detail)).rejection().errorCode()).isEqualTo("InvalidArgument");
    }

    private static EventPublisher.Entry entry(String source, String detailType, String detail) {
        return new EventPublisher.Entry(source, detailType, detail, List.of(), "herald");
    }
}
