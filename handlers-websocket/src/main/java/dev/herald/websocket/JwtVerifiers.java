package dev.herald.websocket;

import dev.herald.common.auth.JwtVerifier;
import dev.herald.common.aws.AwsClients;
import dev.herald.common.aws.SecretReader;

/** Builds the {@link JwtVerifier} from the JWT secret in Secrets Manager, at function init. */
final class JwtVerifiers {
    private JwtVerifiers() {
    }

    /** @throws dev.herald.common.config.ConfigException when the secret is missing, unreadable or incomplete */
    static JwtVerifier fromSecret(AwsClients aws, String secretId) {
        return JwtVerifier.fromConfig(new SecretReader(aws.secretsManager()).json(secretId));
    }
}
