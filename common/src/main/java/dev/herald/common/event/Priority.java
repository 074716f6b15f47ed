package dev.herald.common.event;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How urgent a notification is. {@code CRITICAL} bypasses opt-outs and quiet hours. */
public enum Priority {
    NORMAL, HIGH, CRITICAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Priority> fromWireName(String name) {
        return Arrays.stream(values()).filter(p -> p.wireName().equals(name)).findFirst();
    }
}
