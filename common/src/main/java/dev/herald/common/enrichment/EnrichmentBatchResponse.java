package dev.herald.common.enrichment;

import java.util.List;

/**
 * The enrichment function's answer to an {@link EnrichmentBatchRequest}: one {@link EnrichmentResponse} per request, in
 * request order. Per-recipient problems are answered inside each response; an infrastructure fault fails the whole
 * invocation (FunctionError), and the router retries every record that asked.
 */
public record EnrichmentBatchResponse(List<EnrichmentResponse> responses) {
    public EnrichmentBatchResponse {
        responses = List.copyOf(responses);
    }
}
