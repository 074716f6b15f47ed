package dev.herald.websocket;

import dev.herald.common.auth.JwtVerifier;
import dev.herald.common.config.EnvNames;
import dev.herald.common.config.Environment;
import dev.herald.common.topology.HeraldTopology;
import java.util.List;

/**
 * Configuration of {@link ConnectHandler}.
 *
 * @param connectionsTable the Connections table
 * @param jwtAudiences    the accepted audiences ({@code HERALD_JWT_AUDIENCES}: the gateway's list)
 * @param jwtSecretId      Secrets Manager id of the JWT configuration (see {@code JwtVerifier})
 */
record ConnectConfig(String connectionsTable, String jwtSecretId, List<String> jwtAudiences) {
    /** @throws dev.herald.common.config.ConfigException naming the missing variable */
    static ConnectConfig fromEnvironment(Environment env) {
        return new ConnectConfig(env.required(EnvNames.TABLE_CONNECTIONS), env.required(EnvNames.JWT_SECRET_ID),
                JwtVerifier.audiences(env.get(EnvNames.JWT_AUDIENCES, "")));
    }
}
