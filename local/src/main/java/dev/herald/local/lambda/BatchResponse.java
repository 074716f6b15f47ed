package dev.herald.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.json.Json;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reads a function's answer to an SQS batch as Lambda does with {@code ReportBatchItemFailures}:
 * <ul>
 *   <li>complete success - a null or empty answer, {@code {}}, or a null or empty {@code batchItemFailures};</li>
 *   <li>partial failure - {@code batchItemFailures} names message ids of the batch: only those are kept;</li>
 *   <li>complete failure - an answer that is not JSON or not an object, a {@code batchItemFailures} that is
 *       not a list, or an item whose {@code itemIdentifier} is missing, null, empty, or not a message of the batch.</li>
 * </ul>
 * Without {@code ReportBatchItemFailures} any answer is a complete success: only an error fails the batch.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 */
sealed interface BatchResponse {
    /** Delete every message. */
    record AllSucceeded() implements BatchResponse {
    }

    /** Delete all but these; they come back after their visibility timeout. */
    record SomeFailed(Set<String> failedIds) implements BatchResponse {
    }

    /** Delete nothing: the whole batch comes back. */
    record AllFailed(String reason) implements BatchResponse {
    }

    static BatchResponse read(String answer, Set<String> batchIds, boolean reportBatchItemFailures) {
        if (!reportBatchItemFailures || answer == null || answer.isBlank()) {
            return new AllSucceeded();
        }
        JsonNode root;
        try {
            root = Json.tree(answer);
        } catch (Json.JsonException e) {
            return new AllFailed("the function's answer is not JSON (" + e.getMessage() + ")");
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return new AllSucceeded();
        }
        if (!root.isObject()) {
            return new AllFailed("the function's answer is JSON " + root.getNodeType() + ", not an object with batchItemFailures");
        }
        JsonNode failures = root.get("batchItemFailures");
        if (failures == null || failures.isNull() || failures.isArray() && failures.isEmpty()) {
            return new AllSucceeded();
        }
        if (!failures.isArray()) {
            return new AllFailed("batchItemFailures is " + failures.getNodeType() + ", not a list");
        }
        Set<String> failed = new LinkedHashSet<>();
        for (JsonNode item : failures) {
            JsonNode id = item.get("itemIdentifier");
            if (id == null || id.isNull() || !id.isTextual() || id.asText().isEmpty()) {
                return new AllFailed("a batch item failure has no itemIdentifier: " + item);
            }
            if (!batchIds.contains(id.asText())) {
                return new AllFailed("itemIdentifier " + id.asText() + " is not a message of this batch");
            }
            failed.add(id.asText());
        }
        return new SomeFailed(Set.copyOf(failed));
    }
}
