package dev.herald.local.emulators;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One email the SES emulator accepted.
 *
 * @param subject, html, text from {@code Content.Simple} (or the headers/parts of {@code Content.Raw}); null when absent
 * @param headers the {@code Content.Simple.Headers} (e.g. {@code List-Unsubscribe}), name to value
 * @param tags    the {@code EmailTags}, name to value
 */
public record SentEmail(String messageId, String from, List<String> to, List<String> cc, List<String> bcc,
                        List<String> replyTo, String subject, String html, String text, Map<String, String> headers,
                        String configurationSetName, Map<String, String> tags, Instant receivedAt) {
}
