package dev.herald.push;

import com.eatthepath.pushy.apns.ApnsClientBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.config.ConfigException;

/**
 * The APNs secret (Secrets Manager, id in {@code HERALD_APNS_SECRET_ID}), a JSON object:
 * <pre>{@code
 * {"teamId": "ABCDE12345", "keyId": "KEY1234567",
 *  "signingKey": "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----",   // the .p8 file's text
 *  "topic": "com.example.shop",                  // default bundle id for tokens registered without app
 *  "environment": "production" | "sandbox",      // which APNs; tokens of development builds are sandbox-only
 *  "host": "localhost:2197",                     // instead of environment: an explicit server (local runs)
 *  "trustedServerCertificate": "-----BEGIN CERTIFICATE-----..."}  // optional: trust this (a local mock's) cert
 * }</pre>
 * The local APNs emulator's shape is accepted too: {@code host} plus a separate {@code port},
 * {@code production} (boolean) instead of {@code environment}, {@code trustedCertificate}.
 *
 * @param host the APNs host name, or a local server's
 * @param port 443 for Apple, or a local server's port
 */
record ApnsSettings(String teamId, String keyId, String signingKeyPem, String defaultTopic, String host, int port,
                    String trustedCertificatePem) {

    /** True when the secret holds no key yet (the placeholder the stack creates). */
    static boolean isEmpty(JsonNode secret) {
        return text(secret, "signingKey") == null && text(secret, "teamId") == null && text(secret, "keyId") == null;
    }

    /** @throws ConfigException naming the missing or malformed field and how to fix it */
    static ApnsSettings fromSecret(JsonNode secret, String secretId) {
        String teamId = required(secret, "teamId", secretId, "the 10-character Team ID of your Apple developer account");
        String keyId = required(secret, "keyId", secretId, "the 10-character Key ID of the APNs auth key");
        String signingKey = required(secret, "signingKey", secretId, "the text of the AuthKey_<keyId>.p8 file");
        String host;
        int port = ApnsClientBuilder.DEFAULT_APNS_PORT;
        String explicit = text(secret, "host");
        if (explicit != null) {
            int colon = explicit.lastIndexOf(':');
            host = colon > 0 ? explicit.substring(0, colon) : explicit;
            String portText = colon > 0 ? explicit.substring(colon + 1) : text(secret, "port");
            if (portText != null) {
                try {
                    port = Integer.parseInt(portText);
                } catch (NumberFormatException e) {
                    throw new ConfigException("APNs secret '" + secretId + "': port '" + portText + "' is not a number; write host as \"host:port\"");
                }
            }
        } else {
            String environment = text(secret, "environment");
            if (environment == null && secret.has("production") && secret.get("production").isBoolean()) {
                environment = secret.get("production").asBoolean() ? "production" : "sandbox";
            }
            if ("production".equals(environment)) {
                host = ApnsClientBuilder.PRODUCTION_APNS_HOST;
            } else if ("sandbox".equals(environment)) {
                host = ApnsClientBuilder.DEVELOPMENT_APNS_HOST;
            } else {
                throw new ConfigException("APNs secret '" + secretId + "': set \"environment\" to \"production\" or \"sandbox\""
                        + " (tokens of development builds work only in sandbox), or \"host\" to \"host:port\" for a local server"
                        + (environment == null ? "" : "; got '" + environment + "'"));
            }
        }
        String trusted = text(secret, "trustedServerCertificate");
        return new ApnsSettings(teamId, keyId, signingKey, text(secret, "topic"), host, port,
                trusted != null ? trusted : text(secret, "trustedCertificate"));
    }

    private static String required(JsonNode secret, String field, String secretId, String what) {
        String v = text(secret, field);
        if (v == null) {
            throw new ConfigException("APNs secret '" + secretId + "' has no \"" + field + "\"; add " + what);
        }
        return v;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        String s = v.isTextual() ? v.asText() : v.toString();
        return s.isBlank() ? null : s.trim();
    }
}
