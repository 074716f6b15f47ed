package dev.herald.common.enrichment;

import dev.herald.common.delivery.RenderedContent;
import dev.herald.common.event.Channel;
import java.util.List;
import java.util.Map;

/**
 * The enrichment function's answer: per recipient, the locale used and the rendered content per
 * channel, or the reason that recipient could not be rendered (a missing template locale, a missing
 * variable - permanent problems the router records as {@code rejected} rows, never retries).
 * Infrastructure faults are not answered here: the function throws, the Invoke API reports a
 * FunctionError, and the router retries the batch item.
 */
public record EnrichmentResponse(List<Rendered> recipients) {
    public EnrichmentResponse {
        recipients = List.copyOf(recipients);
    }

    /**
     * @param userId  the recipient
     * @param locale  the template locale actually used (after fallback fr-CA -> fr -> default), or null on error
     * @param content rendered content per channel; empty on error
     * @param error   why this recipient could not be rendered (says what and how to fix), or null
     */
    public record Rendered(String userId, String locale, Map<Channel, RenderedContent> content, String error) {
        public Rendered {
            content = content == null ? Map.of() : Map.copyOf(content);
        }

        public boolean failed() {
            return error != null;
        }
    }
}
