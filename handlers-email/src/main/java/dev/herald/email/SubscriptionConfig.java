package dev.herald.email;

import dev.herald.common.config.EnvNames;
import dev.herald.common.config.Environment;
import dev.herald.common.topology.HeraldTopology;

/**
 * Configuration of the subscriptions API function, read once at init.
 *
 * @param subscriptionsTable the EmailSubscriptions table
 * @param jwtSecretId        the secret holding the JWT verifier's configuration (see {@code JwtVerifier})
 * @param settingsSecretId   the secret holding {@link EmailSettings}
 */
record SubscriptionConfig(String subscriptionsTable, String jwtSecretId, String settingsSecretId) {

    static SubscriptionConfig fromEnvironment(Environment env) {
        return new SubscriptionConfig(
                env.required(EnvNames.TABLE_EMAIL_SUBSCRIPTIONS),
                env.required(HeraldTopology.ENV_JWT_SECRET_ID),
                env.required(HeraldTopology.ENV_EMAIL_TOKEN_SECRET_ID));
    }
}
