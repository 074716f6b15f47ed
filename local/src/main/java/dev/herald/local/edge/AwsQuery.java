package dev.herald.local.edge;

import io.javalin.http.Context;
import java.util.UUID;

/**
 * Errors in the AWS query protocol (SQS's {@code Action=} form requests): a {@code text/xml} {@code ErrorResponse}
 * with {@code Type}, {@code Code} and {@code Message}, which the CLI and the SDKs turn into the named error.
 * https://smithy.io/2.0/aws/protocols/aws-query-protocol.html#operation-error-serialization
 */
final class AwsQuery {
    private AwsQuery() {
    }

    static void error(Context ctx, int status, String code, String message) {
        String xml = "<?xml version=\"1.0\"?><ErrorResponse><Error><Type>Sender</Type><Code>" + escape(code) + "</Code><Message>"
                + escape(message) + "</Message></Error><RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>";
        ctx.status(status).contentType("text/xml").result(xml);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
