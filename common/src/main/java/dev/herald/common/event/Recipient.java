package dev.herald.common.event;

/**
 * Who an event is for: a user id, or {@code topic:NAME}, which the router expands to the topic's
 * subscribers.
 */
public sealed interface Recipient {
    String TOPIC_PREFIX = "topic:";

    /** The wire form: the user id, or {@code topic:NAME}. */
    String wire();

    record User(String userId) implements Recipient {
        @Override
        public String wire() {
            return userId;
        }
    }

    record Topic(String name) implements Recipient {
        @Override
        public String wire() {
            return TOPIC_PREFIX + name;
        }
    }

    static Recipient parse(String wire) {
        return wire.startsWith(TOPIC_PREFIX) ? new Topic(wire.substring(TOPIC_PREFIX.length())) : new User(wire);
    }
}
