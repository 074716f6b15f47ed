package dev.herald.router;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.enrichment.EnrichmentBatchRequest;
import dev.herald.common.enrichment.EnrichmentBatchResponse;
import dev.herald.common.enrichment.EnrichmentRequest;
import dev.herald.common.enrichment.EnrichmentResponse;
import dev.herald.common.json.Json;
import software.amazon.awssdk.core.SdkBytes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * Calls the enrichment function synchronously (Lambda Invoke, RequestResponse): with an {@link EnrichmentBatchRequest}
 * for a whole ingress batch ({@link #enrichAll}), whose {@link EnrichmentBatchResponse} holds one answer per request.
 * A function error (the handler threw: the response carries {@code X-Amz-Function-Error}, see
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html), an SDK fault or an unreadable answer
 * is an {@link EnrichmentFault}: transient as far as the router knows, so the event is retried. So is a call
 * that takes longer than the timeout (every SDK attempt included): the router never waits on enrichment
 * for longer than that, whatever the client's own timeouts are.
 */
final class LambdaEnricher {
    private final LambdaClient lambda;
    private final String functionName;
    private final Duration timeout;

    LambdaEnricher(LambdaClient lambda, String functionName, Duration timeout) {
        this.lambda = lambda;
        this.functionName = functionName;
        this.timeout = timeout;
    }

    /**
     * Renders the requests of a whole batch: one Invoke per {@link EnrichmentBatchRequest#MAX_USERS} users (one for a
     * batch of single-user events), the requests kept whole and in order. Answers one response per request, in order.
     * A request the answer leaves out fails the call as a whole ({@link EnrichmentFault}).
     */
    List<EnrichmentResponse> enrichAll(List<EnrichmentRequest> requests) {
        List<EnrichmentResponse> out = new ArrayList<>(requests.size());
        List<EnrichmentRequest> group = new ArrayList<>();
        int users = 0;
        for (EnrichmentRequest request : requests) {
            if (!group.isEmpty() && users + request.userIds().size() > EnrichmentBatchRequest.MAX_USERS) {
                out.addAll(invokeBatch(group));
                group.clear();
                users = 0;
            }
            group.add(request);
            users += request.userIds().size();
        }
        if (!group.isEmpty()) {
            out.addAll(invokeBatch(group));
        }
        return out;
    }

    private List<EnrichmentResponse> invokeBatch(List<EnrichmentRequest> group) {
        List<EnrichmentResponse> responses = invoke(new EnrichmentBatchRequest(group), EnrichmentBatchResponse.class).responses();
        if (responses.size() != group.size()) {
            throw new EnrichmentFault("enrichment function " + functionName + " answered " + responses.size() + " response(s) to "
                    + group.size() + " request(s); it must answer one EnrichmentResponse per request of an EnrichmentBatchRequest, in order", null);
        }
        return responses;
    }

    private <T> T invoke(Object request, Class<T> answer) {
        InvokeResponse response;
        try {
            response = lambda.invoke(r -> r.functionName(functionName).invocationType(InvocationType.REQUEST_RESPONSE)
                    .payload(SdkBytes.fromUtf8String(Json.write(request)))
                    .overrideConfiguration(o -> o.apiCallTimeout(timeout)));
        } catch (ApiCallTimeoutException e) {
            throw new EnrichmentFault("enrichment function " + functionName + " did not answer within " + timeout.toMillis()
                    + " ms; the event will be retried (raise HERALD_ENRICHMENT_TIMEOUT_MS if the function is just slow)", e);
        } catch (SdkException e) {
            throw new EnrichmentFault("invoking enrichment function " + functionName + " failed: " + e.getMessage(), e);
        }
        String payload = response.payload() == null ? "" : response.payload().asUtf8String();
        if (response.functionError() != null) {
            throw new EnrichmentFault("enrichment function " + functionName + " failed (FunctionError " + response.functionError() + "): "
                    + errorSummary(payload) + "; see its logs", null);
        }
        try {
            // a payload without "recipients" (or "responses") fails in the record's List.copyOf (NullPointerException)
            T read = Json.read(payload, answer);
            if (read == null) {
                throw new IllegalArgumentException("empty answer");
            }
            return read;
        } catch (Json.JsonException | IllegalArgumentException | NullPointerException e) {
            throw new EnrichmentFault("enrichment function " + functionName + " answered something that is not an " + answer.getSimpleName() + " ("
                    + e.getMessage() + "); deploy a function that implements dev.herald.common.enrichment", e);
        }
    }

    /** Lambda's error payload is {"errorMessage", "errorType", ...}; keep only those two (no stack, no data). */
    private static String errorSummary(String payload) {
        try {
            JsonNode error = Json.tree(payload);
            return error.path("errorType").asText("unknown") + ": " + error.path("errorMessage").asText("");
        } catch (Json.JsonException e) {
            return "unreadable error payload";
        }
    }

    /** The enrichment call failed as a whole; the message says how. */
    static final class EnrichmentFault extends RuntimeException {
        EnrichmentFault(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
