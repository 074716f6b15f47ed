package dev.herald.common.event;

import java.util.Locale;
import java.util.Optional;

/** How urgent a notification is. {@code CRITICAL} bypasses opt-outs and quiet hours. */
public enum Priority {
    NORMAL, HIGH, CRITICAL;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wireName;
    }

    /** The constant whose wire name is {@code name} (exactly, lower case); empty for anything else, including null. */
    public static Optional<Priority> fromWireName(String name) {
        for (Priority p : values()) {
            if (p.wireName.equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
