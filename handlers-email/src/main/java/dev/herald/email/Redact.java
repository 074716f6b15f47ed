package dev.herald.email;

import java.util.regex.Pattern;

/** Removes email addresses from text that goes to logs or the ledger (SES messages and SMTP diagnostics quote them). */
final class Redact {
    private static final Pattern ADDRESS = Pattern.compile("[^\\s<>\"'(),;:\\[\\]]+@[^\\s<>\"'(),;:\\[\\]]+");

    private Redact() {
    }

    static String addresses(String text) {
        return text == null ? null : ADDRESS.matcher(text).replaceAll("<address>");
    }
}
