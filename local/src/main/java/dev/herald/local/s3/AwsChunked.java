package dev.herald.local.s3;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The body of an upload sent with {@code Content-Encoding: aws-chunked} (SigV4 streaming, or a trailing checksum):
 * {@code <hex size>[;chunk-signature=...]\r\n<bytes>\r\n ... 0\r\n[trailers]\r\n}, decoded to the object's bytes.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
 */
final class AwsChunked {
    private AwsChunked() {
    }

    /** Whether the request's body is in the aws-chunked format. */
    static boolean isChunked(String contentEncoding, String contentSha256) {
        return contentEncoding != null && contentEncoding.contains("aws-chunked")
                || contentSha256 != null && contentSha256.startsWith("STREAMING-");
    }

    /** @throws IllegalArgumentException when the body is not well-formed, saying where */
    static byte[] decode(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        int i = 0;
        while (true) {
            int eol = indexOfCrlf(body, i);
            if (eol < 0) {
                throw new IllegalArgumentException("aws-chunked body: no chunk header at byte " + i);
            }
            String header = new String(body, i, eol - i, StandardCharsets.US_ASCII);
            int semi = header.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semi < 0 ? header : header.substring(0, semi)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("aws-chunked body: chunk header '" + header + "' at byte " + i + " has no hex size");
            }
            i = eol + 2;
            if (size == 0) {
                return out.toByteArray();
            }
            if (i + size > body.length) {
                throw new IllegalArgumentException("aws-chunked body: chunk of " + size + " bytes at byte " + i + " runs past the body's end");
            }
            out.write(body, i, size);
            i += size + 2;
        }
    }

    private static int indexOfCrlf(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
