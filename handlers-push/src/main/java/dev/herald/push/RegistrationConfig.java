package dev.herald.push;

import dev.herald.common.auth.JwtVerifier;
import dev.herald.common.config.EnvNames;
import dev.herald.common.config.Environment;
import dev.herald.common.topology.HeraldTopology;
import java.util.List;

/**
 * Configuration of the device API function, read once at init.
 *
 * @param jwtSecretId  the secret holding the JWT settings (see {@link dev.herald.common.auth.JwtVerifier})
 * @param jwtAudiences the accepted audiences ({@code HERALD_JWT_AUDIENCES}: the gateway's list)
 */
record RegistrationConfig(String deviceTokensTable, String jwtSecretId, List<String> jwtAudiences) {
    static RegistrationConfig fromEnvironment(Environment env) {
        return new RegistrationConfig(env.required(EnvNames.TABLE_DEVICE_TOKENS), env.required(EnvNames.JWT_SECRET_ID),
                JwtVerifier.audiences(env.get(EnvNames.JWT_AUDIENCES, "")));
    }
}
