package dev.herald.enrichment;

/**
 * One recipient's message could not be rendered (a missing variable, a part the channel needs that
 * the template lacks, broken Mustache). Permanent: the message says what and how to fix it, and goes
 * into that recipient's {@code error}.
 */
final class RenderException extends RuntimeException {
    RenderException(String message) {
        super(message);
    }
}
