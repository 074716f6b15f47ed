package dev.herald.common.delivery;

/**
 * The rendered message for one channel. WebSocket and push use title and body; email uses
 * subject, html and text; SMS uses text only. Fields a channel does not use are null.
 */
public record RenderedContent(String title, String body, String subject, String html, String text) {
    public static RenderedContent notification(String title, String body) {
        return new RenderedContent(title, body, null, null, null);
    }

    /** A text message: only {@code text}. */
    public static RenderedContent sms(String text) {
        return new RenderedContent(null, null, null, null, text);
    }

    public static RenderedContent email(String subject, String html, String text) {
        return new RenderedContent(null, null, subject, html, text);
    }
}
