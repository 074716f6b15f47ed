package dev.herald.local.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Answers in the AWS JSON 1.1 protocol: {@code application/x-amz-json-1.1} bodies, errors as
 * {@code {"__type": "<Code>", "message": "..."}} with {@code x-amzn-ErrorType}, which the SDKs and
 * the CLI turn into the named exception.
 * https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html
 */
public final class AwsJson {
    public static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private AwsJson() {
    }

    /** The request body as a JSON object, or empty (and a 400 {@code SerializationException} answered) when it is not one. */
    public static Optional<JsonNode> body(byte[] body, Context ctx) {
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            JsonNode node = text.isBlank() ? Json.object() : Json.tree(text);
            if (node != null && node.isObject()) {
                return Optional.of(node);
            }
        } catch (Json.JsonException e) {
            // answered below
        }
        error(ctx, 400, "SerializationException", "the request body is not a JSON object; send the operation's input as JSON");
        return Optional.empty();
    }

    public static void ok(Context ctx, JsonNode body) {
        ctx.status(200).contentType(CONTENT_TYPE).result(Json.write(body));
    }

    public static void error(Context ctx, int status, String type, String message) {
        ObjectNode body = Json.object();
        body.put("__type", type);
        body.put("message", message);
        ctx.status(status).header("x-amzn-ErrorType", type).contentType(CONTENT_TYPE).result(Json.write(body));
    }

    public static void unknownOperation(Context ctx, String target, String served) {
        error(ctx, 400, "UnknownOperationException", "herald up does not serve " + target + "; it serves " + served);
    }
}
