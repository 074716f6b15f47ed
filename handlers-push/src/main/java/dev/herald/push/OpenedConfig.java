package dev.herald.push;

import dev.herald.common.auth.JwtVerifier;
import dev.herald.common.config.EnvNames;
import dev.herald.common.config.Environment;
import java.util.List;

/** Configuration of the push-opened function, read once at init. */
record OpenedConfig(String deliveriesTable, String jwtSecretId, List<String> jwtAudiences) {
    static OpenedConfig fromEnvironment(Environment env) {
        return new OpenedConfig(env.required(EnvNames.TABLE_DELIVERIES), env.required(EnvNames.JWT_SECRET_ID),
                JwtVerifier.audiences(env.get(EnvNames.JWT_AUDIENCES, "")));
    }
}
