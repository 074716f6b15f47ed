package dev.herald.email;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.Map;

/** The small HTML pages the signed links answer with (JSON answers come from {@code dev.herald.common.http.HttpResponses}). */
final class LinkPages {
    /** The token is in the URL, so nothing may cache the page or carry the URL on as a referrer. */
    private static final Map<String, String> HTML = Map.of(
            "content-type", "text/html; charset=utf-8",
            "cache-control", "no-store",
            "referrer-policy", "no-referrer",
            "x-content-type-options", "nosniff",
            "content-security-policy", "default-src 'none'; style-src 'unsafe-inline'");

    private LinkPages() {
    }

    static APIGatewayV2HTTPResponse page(int status, String title, String text) {
        String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + Html.escape(title) + "</title>"
                + "<meta name=\"viewport\" content=\"width=device-width\"></head>"
                + "<body style=\"font-family:sans-serif;max-width:32em;margin:3em auto\"><h1>" + Html.escape(title) + "</h1><p>"
                + Html.escape(text) + "</p></body></html>";
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(HTML).withBody(html).build();
    }
}
