package dev.herald.email;

import dev.herald.common.auth.JwtVerifier;
import dev.herald.common.config.EnvNames;
import dev.herald.common.config.Environment;
import dev.herald.common.topology.HeraldTopology;
import java.util.List;

/**
 * Configuration of the subscriptions API function, read once at init.
 *
 * @param subscriptionsTable the EmailSubscriptions table
 * @param jwtSecretId        the secret holding the JWT verifier's configuration (see {@code JwtVerifier})
 * @param settingsSecretId   the secret holding {@link EmailSettings}
 * @param jwtAudiences       the accepted audiences ({@code HERALD_JWT_AUDIENCES}: the gateway's list)
 */
record SubscriptionConfig(String subscriptionsTable, String jwtSecretId, String settingsSecretId, List<String> jwtAudiences) {

    static SubscriptionConfig fromEnvironment(Environment env) {
        return new SubscriptionConfig(
                env.required(EnvNames.TABLE_EMAIL_SUBSCRIPTIONS),
                env.required(EnvNames.JWT_SECRET_ID),
                env.required(EnvNames.EMAIL_TOKEN_SECRET_ID),
                JwtVerifier.audiences(env.get(EnvNames.JWT_AUDIENCES, "")));
    }
}
