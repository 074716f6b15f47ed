package dev.herald.email;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Encodes values for SES message tags, which allow only ASCII letters, digits, {@code _} and {@code -}
 * and at most 256 characters (https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_MessageTag.html).
 * Reversible, so the feedback handler can find the ledger row a bounce names: allowed characters other
 * than {@code _} stay as they are, every other byte of the UTF-8 form becomes {@code _XX} (hex). A value
 * already made of allowed characters without {@code _} (such as {@code dlv-01JD4R9C...}) is unchanged.
 */
final class SesTags {
    static final int MAX_LENGTH = 256;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private SesTags() {
    }

    /** The tag value for {@code value}, or null when even the encoded form exceeds 256 characters. */
    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x80 && c != '_' && (Character.isLetterOrDigit(c) || c == '-')) {
                out.append((char) c);
            } else {
                out.append('_').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.length() > MAX_LENGTH ? null : out.toString();
    }

    /** The value {@link #encode} was given; text that is not such an encoding is returned as it is. */
    static String decode(String tag) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < tag.length(); i++) {
            char c = tag.charAt(i);
            if (c == '_') {
                if (i + 2 >= tag.length() || Character.digit(tag.charAt(i + 1), 16) < 0 || Character.digit(tag.charAt(i + 2), 16) < 0) {
                    return tag;
                }
                out.write(Character.digit(tag.charAt(i + 1), 16) * 16 + Character.digit(tag.charAt(i + 2), 16));
                i += 2;
            } else if (c > 0x7f) {
                return tag;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
