package dev.herald.email;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.aws.CachedSecret;
import dev.herald.common.aws.SecretReader;
import dev.herald.common.config.ConfigException;
import java.net.URI;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The email functions' settings, from the JSON value of the secret whose id is in
 * {@code HERALD_EMAIL_TOKEN_SECRET_ID} ({@code herald/email-tokens}):
 * <pre>{@code
 * {
 *   "hmacKey": "<base64, at least 32 random bytes: openssl rand -base64 48>",
 *   "baseUrl": "https://api.example.com",
 *   "from": "notifications@example.com",
 *   "configurationSet": "herald"
 * }
 * }</pre>
 * {@code hmacKey} signs the confirmation and unsubscribe links (rotating it voids every link already
 * sent). {@code baseUrl} is where the HTTP API answers (its {@code /v1/subscriptions/email/...} routes);
 * it must be https, except on a loopback host under {@code herald up}. {@code from} is the sender (a
 * verified SES identity, optionally {@code "Name <address>"}). {@code configurationSet} is optional: the
 * deployed identity already has Herald's configuration set as its default.
 *
 * @param tokens           signs and checks link tokens
 * @param baseUrl          the API's base URL, without a trailing slash
 * @param from             the From address
 * @param configurationSet the SES configuration set to name on every send, or null
 */
record EmailSettings(EmailTokens tokens, URI baseUrl, String from, String configurationSet) {

    /** The secret, read on first use and every few minutes, checked by {@link #fromJson} (a refusal names the field to fix). */
    static CachedSecret<EmailSettings> fromSecret(SecretReader secrets, String secretId, java.time.Clock clock) {
        return CachedSecret.of(secretId, secrets, json -> fromJson(json, secretId, clock));
    }

    static EmailSettings fromJson(JsonNode json, String secretId, java.time.Clock clock) {
        String key = text(json, "hmacKey").orElseThrow(() -> missing(secretId, "hmacKey", "a base64 key of at least 32 random bytes"));
        byte[] keyBytes;
        try {
            keyBytes = Base64.getDecoder().decode(key);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("secret '" + secretId + "': hmacKey is not base64; store e.g. the output of `openssl rand -base64 48`", e);
        }
        if (keyBytes.length < EmailTokens.MIN_KEY_BYTES) {
            throw new ConfigException("secret '" + secretId + "': hmacKey has " + keyBytes.length + " bytes; store at least "
                    + EmailTokens.MIN_KEY_BYTES + " random bytes (`openssl rand -base64 48`)");
        }
        String base = text(json, "baseUrl").orElseThrow(() -> missing(secretId, "baseUrl", "the HTTP API's URL, e.g. https://api.example.com"));
        URI baseUrl = baseUrl(base, secretId);
        String from = text(json, "from").orElseThrow(() -> missing(secretId, "from", "a verified SES sender, e.g. notifications@example.com"));
        if (!from.equals(HeaderText.singleLine(from))) {
            throw new ConfigException("secret '" + secretId + "': from contains a line break or control character; store a single-line address");
        }
        return new EmailSettings(new EmailTokens(keyBytes, clock), baseUrl, from, text(json, "configurationSet").orElse(null));
    }

    private static URI baseUrl(String value, String secretId) {
        URI uri;
        try {
            uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("secret '" + secretId + "': baseUrl '" + value + "' is not a URL; store e.g. https://api.example.com", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost();
        boolean loopback = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1");
        if (uri.getHost() == null || !(scheme.equals("https") || (scheme.equals("http") && loopback))
                || uri.getQuery() != null || uri.getFragment() != null) {
            // RFC 8058 one-click unsubscribe needs an https URI; mail clients ignore anything else.
            throw new ConfigException("secret '" + secretId + "': baseUrl '" + value + "' must be an https URL without query "
                    + "(http only on localhost), e.g. https://api.example.com");
        }
        return uri;
    }

    private static Optional<String> text(JsonNode json, String field) {
        JsonNode v = json == null ? null : json.get(field);
        return v == null || !v.isTextual() || v.asText().isBlank() ? Optional.empty() : Optional.of(v.asText().trim());
    }

    private static ConfigException missing(String secretId, String field, String what) {
        return new ConfigException("secret '" + secretId + "' has no \"" + field + "\"; add " + what
                + " (see dev.herald.email.EmailSettings for the whole JSON)");
    }
}
