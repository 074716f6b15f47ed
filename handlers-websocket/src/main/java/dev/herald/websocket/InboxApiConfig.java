package dev.herald.websocket;

import dev.herald.common.config.EnvNames;
import dev.herald.common.config.Environment;
import dev.herald.common.topology.HeraldTopology;

/**
 * Configuration of {@link InboxApiHandler}.
 *
 * @param deliveriesTable the delivery ledger
 * @param jwtSecretId     Secrets Manager id of the JWT configuration (see {@code JwtVerifier})
 */
record InboxApiConfig(String deliveriesTable, String jwtSecretId) {
    /** @throws dev.herald.common.config.ConfigException naming the missing variable */
    static InboxApiConfig fromEnvironment(Environment env) {
        return new InboxApiConfig(env.required(EnvNames.TABLE_DELIVERIES), env.required(HeraldTopology.ENV_JWT_SECRET_ID));
    }
}
