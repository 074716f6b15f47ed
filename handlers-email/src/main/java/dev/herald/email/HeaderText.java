package dev.herald.email;

/**
 * Makes text safe to put in an email header: every line break (CR, LF, VT, FF, NEL, U+2028, U+2029)
 * and every other control character becomes a space, so a value taken from event data can never end
 * its header and start another (header injection). SES writes the headers from these values.
 */
final class HeaderText {
    private HeaderText() {
    }

    static String singleLine(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean lineBreak = c == '\u0085' || c == '\u2028' || c == '\u2029';
            out.append(Character.isISOControl(c) || lineBreak ? ' ' : c);
        }
        return out.toString().strip();
    }
}
