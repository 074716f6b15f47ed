package dev.herald.push;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.config.ConfigException;
import dev.herald.common.json.Json;
import java.net.URI;

/**
 * The FCM secret (Secrets Manager, id in {@code HERALD_FCM_SECRET_ID}), a JSON object:
 * <pre>{@code
 * {"projectId": "shop-prod",                        // optional with a service account (it names its project)
 *  "serviceAccount": {"type": "service_account", "project_id": "...", "private_key": "...", ...},
 *                                                   // the Firebase service-account key (object, or its JSON as a string)
 *  "accessToken": "ya29....",                      // instead of serviceAccount: a static OAuth token (local runs)
 *  "rootUrl": "http://localhost:9099/"}             // optional: an FCM v1-compatible server instead of fcm.googleapis.com
 * }</pre>
 * A {@code rootUrl} needs {@code accessToken}: with a service account the SDK would fetch OAuth
 * tokens from Google, and a local run must not reach Google at all.
 *
 * @param serviceAccountJson the service-account key as JSON text, or null
 * @param accessToken        a static access token, or null
 * @param rootUrl            where {@code https://fcm.googleapis.com/} is, or null for Google's
 */
record FcmSettings(String projectId, String serviceAccountJson, String accessToken, URI rootUrl) {

    /** True when the secret holds no credentials yet (the placeholder the stack creates). */
    static boolean isEmpty(JsonNode secret) {
        return !secret.hasNonNull("serviceAccount") && text(secret, "accessToken") == null && text(secret, "projectId") == null;
    }

    /** @throws ConfigException naming the missing or malformed field and how to fix it */
    static FcmSettings fromSecret(JsonNode secret, String secretId) {
        JsonNode account = secret.get("serviceAccount");
        String accountJson = null;
        String projectId = text(secret, "projectId");
        if (account != null && !account.isNull()) {
            JsonNode tree = account;
            if (account.isTextual()) {
                try {
                    tree = Json.tree(account.asText());
                } catch (Json.JsonException e) {
                    throw new ConfigException("FCM secret '" + secretId + "': serviceAccount is not JSON; paste the service-account key file as an object", e);
                }
            }
            if (!"service_account".equals(text(tree, "type")) || text(tree, "private_key") == null) {
                throw new ConfigException("FCM secret '" + secretId + "': serviceAccount is not a service-account key"
                        + " (type \"service_account\" with a private_key); download one under Firebase console > Project settings > Service accounts");
            }
            accountJson = Json.write(tree);
            if (projectId == null) {
                projectId = text(tree, "project_id");
            }
        }
        String accessToken = text(secret, "accessToken");
        if (accountJson == null && accessToken == null) {
            throw new ConfigException("FCM secret '" + secretId + "' has neither \"serviceAccount\" nor \"accessToken\"; add the Firebase service-account key as serviceAccount");
        }
        if (projectId == null) {
            throw new ConfigException("FCM secret '" + secretId + "' has no \"projectId\"; add the Firebase project id");
        }
        URI rootUrl = null;
        String root = text(secret, "rootUrl");
        if (root != null) {
            if (accountJson != null) {
                throw new ConfigException("FCM secret '" + secretId + "': rootUrl points FCM at another server, which needs a static"
                        + " \"accessToken\" instead of serviceAccount (a service account would fetch tokens from Google)");
            }
            try {
                rootUrl = URI.create(root.endsWith("/") ? root : root + "/");
            } catch (IllegalArgumentException e) {
                throw new ConfigException("FCM secret '" + secretId + "': rootUrl '" + root + "' is not a URL; write e.g. http://localhost:9099/", e);
            }
            if (rootUrl.getScheme() == null || !rootUrl.getScheme().startsWith("http") || rootUrl.getHost() == null) {
                throw new ConfigException("FCM secret '" + secretId + "': rootUrl '" + root + "' must be an http(s) URL such as http://localhost:9099/");
            }
        }
        return new FcmSettings(projectId, accountJson, accessToken, rootUrl);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || !v.isTextual() || v.asText().isBlank() ? null : v.asText().trim();
    }
}
