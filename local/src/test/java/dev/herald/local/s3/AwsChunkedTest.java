package dev.herald.local.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AwsChunkedTest {
    @Test
    void decode_signedChunksWithATrailer_givesTheObjectsBytes() {
        String body = "5;chunk-signature=abc\r\nhello\r\n6;chunk-signature=def\r\n world\r\n0;chunk-signature=000\r\nx-amz-checksum-crc32:AAAA\r\n\r\n";

        assertThat(new String(AwsChunked.decode(body.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8)).isEqualTo("hello world");
    }

    @Test
    void decode_whenAChunkRunsPastTheEnd_saysWhere() {
        assertThatThrownBy(() -> AwsChunked.decode("a\r\nshort\r\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("runs past the body's end");
    }

    @Test
    void isChunked_byContentEncodingOrStreamingPayloadHash() {
        assertThat(AwsChunked.isChunked("aws-chunked", null)).isTrue();
        assertThat(AwsChunked.isChunked(null, "STREAMING-UNSIGNED-PAYLOAD-TRAILER")).isTrue();
        assertThat(AwsChunked.isChunked(null, "UNSIGNED-PAYLOAD")).isFalse();
    }
}
