package dev.herald.local.edge;

import io.javalin.http.Context;

/**
 * An AWS service the edge server answers by {@code X-Amz-Target: <prefix>.<Operation>} (the AWS
 * JSON protocol: a POST of a JSON body to {@code /}), e.g. {@code AWSEvents.PutEvents}.
 */
public interface AwsJsonService {
    /** The part of {@code X-Amz-Target} before the dot, e.g. {@code AWSEvents}, {@code DynamoDB_20120810}. */
    String targetPrefix();

    /**
     * Answers one call on {@code ctx}. Must answer every operation, with an AWS error body for the
     * ones it does not serve ({@link AwsJson#unknownOperation}).
     *
     * @param operation the part of {@code X-Amz-Target} after the dot (or the query protocol's {@code Action})
     * @param body      the request body, read once by the edge server
     */
    void handle(String operation, byte[] body, Context ctx);
}
