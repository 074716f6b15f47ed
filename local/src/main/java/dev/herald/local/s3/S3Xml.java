package dev.herald.local.s3;

import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** S3's XML answers and errors (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html). */
final class S3Xml {
    static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
    private static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

    private S3Xml() {
    }

    static void ok(Context ctx, String xml) {
        ctx.status(200).contentType("application/xml").header("x-amz-request-id", requestId()).result(DECLARATION + xml);
    }

    /** An S3 error; a HEAD request gets the status only, as S3 answers it. */
    static void error(Context ctx, int status, String code, String message, String resource) {
        ctx.status(status).header("x-amz-request-id", requestId());
        if (ctx.method().name().equals("HEAD")) {
            return;
        }
        ctx.contentType("application/xml").result(DECLARATION + "<Error><Code>" + code + "</Code><Message>" + escape(message) + "</Message><Resource>"
                + escape(resource) + "</Resource><RequestId>" + requestId() + "</RequestId></Error>");
    }

    static String element(String name, Object value) {
        return "<" + name + ">" + escape(String.valueOf(value)) + "</" + name + ">";
    }

    /** S3's timestamps in XML: ISO 8601 with milliseconds. */
    static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** A key or prefix as ListObjectsV2 returns it with {@code encoding-type=url} (the AWS CLI asks for it). */
    static String key(String key, boolean urlEncoded) {
        return urlEncoded ? URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/") : key;
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String requestId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase(java.util.Locale.ROOT);
    }
}
