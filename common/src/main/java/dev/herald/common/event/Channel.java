package dev.herald.common.event;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A delivery channel. The wire name is lower case ({@code "websocket"}, {@code "push"}, {@code "email"}). */
public enum Channel {
    WEBSOCKET, PUSH, EMAIL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Channel> fromWireName(String name) {
        return Arrays.stream(values()).filter(c -> c.wireName().equals(name)).findFirst();
    }
}
