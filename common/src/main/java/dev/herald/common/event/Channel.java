package dev.herald.common.event;

import java.util.Locale;
import java.util.Optional;

/**
 * A delivery channel. The wire name is lower case ({@code "websocket"}, {@code "push"}, {@code "email"}, {@code "webhook"},
 * {@code "sms"}).
 */
public enum Channel {
    WEBSOCKET, PUSH, EMAIL,
    /** A signed HTTPS POST to the endpoints an operator registered (Standard Webhooks); module handlers-webhook. */
    WEBHOOK,
    /** Text messages through AWS End User Messaging SMS (module {@code handlers-sms}). */
    SMS;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wireName;
    }

    /** The constant whose wire name is {@code name} (exactly, lower case); empty for anything else, including null. */
    public static Optional<Channel> fromWireName(String name) {
        for (Channel c : values()) {
            if (c.wireName.equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Every wire name, for messages: {@code "websocket, push, email, webhook or sms"}. */
    public static String wireNames() {
        StringBuilder out = new StringBuilder();
        Channel[] all = values();
        for (int i = 0; i < all.length; i++) {
            out.append(i == 0 ? "" : i == all.length - 1 ? " or " : ", ").append(all[i].wireName);
        }
        return out.toString();
    }
}
