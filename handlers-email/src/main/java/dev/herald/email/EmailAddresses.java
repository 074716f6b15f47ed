package dev.herald.email;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Email address checks for addresses people type in: plain ASCII {@code local@domain} (no quoted local
 * parts, no comments, no display names), at most 254 characters (the SMTP path limit, RFC 5321
 * section 4.5.3.1.3), no whitespace or control characters - so an address can never carry a CR/LF into
 * a header SES writes from it.
 */
final class EmailAddresses {
    static final int MAX_LENGTH = 254;
    private static final int MAX_LOCAL_PART = 64;
    /** RFC 5322 atext and dots; the dot rules are checked separately. */
    private static final Pattern LOCAL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern TOP_LEVEL = Pattern.compile("(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})");

    private EmailAddresses() {
    }

    /** Why {@code address} is not acceptable, or empty when it is. Never echoes the address. */
    static Optional<String> problem(String address) {
        if (address == null || address.isBlank()) {
            return Optional.of("it is empty");
        }
        // Line breaks are refused anywhere, even at the ends where trimming would hide them.
        if (address.indexOf('\r') >= 0 || address.indexOf('\n') >= 0) {
            return Optional.of("it contains a line break");
        }
        String a = address.strip();
        if (a.length() > MAX_LENGTH) {
            return Optional.of("it has " + a.length() + " characters; at most " + MAX_LENGTH + " are allowed");
        }
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            if (Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return Optional.of("it contains whitespace or a control character");
            }
            if (c > 0x7e) {
                return Optional.of("it contains a non-ASCII character; write an internationalised domain in its xn-- form");
            }
        }
        int at = a.lastIndexOf('@');
        if (at <= 0 || at != a.indexOf('@') || at == a.length() - 1) {
            return Optional.of("it must have the form name@domain with exactly one @");
        }
        String local = a.substring(0, at);
        String domain = a.substring(at + 1);
        if (local.length() > MAX_LOCAL_PART || !LOCAL.matcher(local).matches()
                || local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            return Optional.of("the part before @ is not a valid mailbox name");
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return Optional.of("the domain needs at least one dot, as in example.com");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.of("the domain is not a valid host name");
            }
        }
        if (!TOP_LEVEL.matcher(labels[labels.length - 1]).matches()) {
            return Optional.of("the domain's last label is not a top-level domain");
        }
        return Optional.empty();
    }

    /** The form addresses are compared, suppressed and signed in: stripped and lower-cased. */
    static String canonical(String address) {
        return address.strip().toLowerCase(Locale.ROOT);
    }
}
