package dev.herald.webhook;

import java.util.Optional;

/**
 * Whose deliveries an endpoint receives: one user's ({@code user:<userId>}), those of a topic's members
 * ({@code topic:<topic>}), or every webhook delivery of the account ({@code account}).
 */
record WebhookScope(Kind kind, String value) {
    enum Kind { USER, TOPIC, ACCOUNT }

    static final String FORMAT = "\"user:<userId>\", \"topic:<topic>\" or \"account\"";

    /** The scope written as {@link #wire()}; empty when it is none of {@value #FORMAT}. */
    static Optional<WebhookScope> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        if (text.equals("account")) {
            return Optional.of(new WebhookScope(Kind.ACCOUNT, ""));
        }
        if (text.startsWith("user:") && text.length() > 5) {
            return Optional.of(new WebhookScope(Kind.USER, text.substring(5)));
        }
        if (text.startsWith("topic:") && text.length() > 6) {
            return Optional.of(new WebhookScope(Kind.TOPIC, text.substring(6)));
        }
        return Optional.empty();
    }

    String wire() {
        return switch (kind) {
            case ACCOUNT -> "account";
            case USER -> "user:" + value;
            case TOPIC -> "topic:" + value;
        };
    }
}
