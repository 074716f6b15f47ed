package dev.herald.websocket;

import dev.herald.common.config.EnvNames;
import dev.herald.common.config.Environment;
import dev.herald.common.topology.HeraldTopology;

/**
 * Configuration of {@link ConnectHandler}.
 *
 * @param connectionsTable the Connections table
 * @param jwtSecretId      Secrets Manager id of the JWT configuration (see {@code JwtVerifier})
 */
record ConnectConfig(String connectionsTable, String jwtSecretId) {
    /** @throws dev.herald.common.config.ConfigException naming the missing variable */
    static ConnectConfig fromEnvironment(Environment env) {
        return new ConnectConfig(env.required(EnvNames.TABLE_CONNECTIONS), env.required(HeraldTopology.ENV_JWT_SECRET_ID));
    }
}
