package dev.herald.common.enrichment;

import java.util.List;

/**
 * What the router sends the enrichment function for a whole ingress batch (Lambda Invoke, RequestResponse): one
 * {@link EnrichmentRequest} per routed record that asks for rendering, so a batch costs one Invoke and one profile read
 * instead of one of each per event. The payload is this record as JSON ({@code dev.herald.common.json.Json}); the
 * function tells it from a single {@link EnrichmentRequest} by its {@code requests} field and answers an
 * {@link EnrichmentBatchResponse}.
 *
 * @param requests the records' requests, together at most {@link #MAX_USERS} user ids (the router splits larger sets
 *                 into several invocations, so an answer stays far below Invoke's 6 MB response limit)
 */
public record EnrichmentBatchRequest(List<EnrichmentRequest> requests) {
    /** One invocation renders at most as many users as one BatchGetItem reads. */
    public static final int MAX_USERS = EnrichmentRequest.MAX_USERS;

    public EnrichmentBatchRequest {
        requests = List.copyOf(requests);
    }
}
