package dev.herald.common.event;

/**
 * One thing wrong with an input: the field (a JSON path such as {@code detail.recipients[2]})
 * and a message that says what is wrong and how to fix it.
 */
public record Problem(String field, String message) {
    @Override
    public String toString() {
        return field + ": " + message;
    }
}
