package dev.herald.common.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.config.ConfigException;
import dev.herald.common.json.Json;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * Reads secrets from Secrets Manager, so no secret sits in an environment variable or a template.
 * A secret's value is a JSON object. Functions read through {@link CachedSecret}: on first use, never
 * at init, and again after a few minutes.
 */
public final class SecretReader {
    private final SecretsManagerClient secrets;

    public SecretReader(SecretsManagerClient secrets) {
        this.secrets = secrets;
    }

    /** The secret's JSON value; throws {@link ConfigException} naming the secret when it cannot be read. */
    public JsonNode json(String secretId) {
        String value;
        try {
            value = secrets.getSecretValue(r -> r.secretId(secretId)).secretString();
        } catch (SecretsManagerException e) {
            throw new ConfigException("cannot read secret '" + secretId + "': " + e.awsErrorDetails().errorMessage()
                    + "; create it, and grant this function secretsmanager:GetSecretValue on it", e);
        }
        if (value == null) {
            throw new ConfigException("secret '" + secretId + "' has no string value; store it as a JSON object");
        }
        try {
            return Json.tree(value);
        } catch (Json.JsonException e) {
            throw new ConfigException("secret '" + secretId + "' is not a JSON object; store it as {\"key\": \"value\"}", e);
        }
    }
}
