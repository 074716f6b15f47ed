package dev.herald.sms;

/**
 * How many SMS segments a text takes. A text that fits the GSM 03.38 7-bit alphabet (with its extension table,
 * whose characters take two septets) is sent as GSM-7: 160 septets in one segment, 153 per segment once it is
 * split (the rest of each segment carries the concatenation header); any other character makes the whole text
 * UCS-2: 70 UTF-16 units in one segment, 67 per segment once split. A two-septet character, and a surrogate pair,
 * is never split across segments.
 * https://docs.aws.amazon.com/sms-voice/latest/userguide/sms-limitations-character.html
 *
 * @param count    segments the text takes (0 for an empty text)
 * @param encoding {@code GSM-7} or {@code UCS-2}
 */
record SmsSegments(int count, String encoding) {
    static final String GSM_7 = "GSM-7";
    static final String UCS_2 = "UCS-2";

    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM_EXTENDED = "^{}\\[~]|€\f";

    static SmsSegments of(String text) {
        if (text.isEmpty()) {
            return new SmsSegments(0, GSM_7);
        }
        return gsm7(text) ? new SmsSegments(gsmSegments(text), GSM_7) : new SmsSegments(ucs2Segments(text), UCS_2);
    }

    private static boolean gsm7(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (GSM_BASIC.indexOf(c) < 0 && GSM_EXTENDED.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static int gsmSegments(String text) {
        int septets = 0;
        for (int i = 0; i < text.length(); i++) {
            septets += GSM_EXTENDED.indexOf(text.charAt(i)) >= 0 ? 2 : 1;
        }
        if (septets <= 160) {
            return 1;
        }
        int segments = 1;
        int used = 0;
        for (int i = 0; i < text.length(); i++) {
            int width = GSM_EXTENDED.indexOf(text.charAt(i)) >= 0 ? 2 : 1;
            if (used + width > 153) {
                segments++;
                used = 0;
            }
            used += width;
        }
        return segments;
    }

    private static int ucs2Segments(String text) {
        if (text.length() <= 70) {
            return 1;
        }
        int segments = 1;
        int used = 0;
        for (int i = 0; i < text.length(); ) {
            int width = Character.charCount(text.codePointAt(i));
            if (used + width > 67) {
                segments++;
                used = 0;
            }
            used += width;
            i += width;
        }
        return segments;
    }
}
