package dev.herald.push;

import dev.herald.common.config.EnvNames;
import dev.herald.common.config.Environment;
import dev.herald.common.topology.HeraldTopology;

/**
 * Configuration of the device API function, read once at init.
 *
 * @param jwtSecretId the secret holding the JWT settings (see {@link dev.herald.common.auth.JwtVerifier})
 */
record RegistrationConfig(String deviceTokensTable, String jwtSecretId) {
    static RegistrationConfig fromEnvironment(Environment env) {
        return new RegistrationConfig(env.required(EnvNames.TABLE_DEVICE_TOKENS), env.required(HeraldTopology.ENV_JWT_SECRET_ID));
    }
}
