package dev.herald.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.event.Channel;
import org.junit.jupiter.api.Test;

class SesTagsTest {

    @Test
    void encode_usesOnlyCharactersSesAllows_andDecodeRestoresTheValue() {
        String id = DeliveryIds.of("ntf_01:é/ü", Channel.EMAIL, "user@1 #x");
        String tag = SesTags.encode(id);
        assertThat(tag).matches("[A-Za-z0-9_-]+").hasSizeLessThanOrEqualTo(256);
        assertThat(SesTags.decode(tag)).isEqualTo(id);
    }

    @Test
    void encode_leavesPlainIdsUnchanged_soTheFixtureTagsAreTheirOwnValue() {
        assertThat(SesTags.encode("dlv-01JD4R9C5E7G9J1L3N5Q7S9U1W")).isEqualTo("dlv-01JD4R9C5E7G9J1L3N5Q7S9U1W");
        assertThat(SesTags.decode("dlv-01JD4R9C5E7G9J1L3N5Q7S9U1W")).isEqualTo("dlv-01JD4R9C5E7G9J1L3N5Q7S9U1W");
    }

    @Test
    void encode_whenEncodedFormExceeds256_givesNull() {
        assertThat(SesTags.encode("a".repeat(256))).hasSize(256);
        assertThat(SesTags.encode("#".repeat(90))).isNull();
    }

    @Test
    void decode_whenNotAnEncoding_returnsTheTextAsItIs() {
        assertThat(SesTags.decode("bad_zz")).isEqualTo("bad_zz");
        assertThat(SesTags.decode("trailing_")).isEqualTo("trailing_");
    }
}
