package dev.herald.websocket;

import dev.herald.common.config.EnvNames;
import dev.herald.common.config.Environment;

/**
 * Configuration of {@link DisconnectHandler}.
 *
 * @param connectionsTable the Connections table
 */
record DisconnectConfig(String connectionsTable) {
    /** @throws dev.herald.common.config.ConfigException naming the missing variable */
    static DisconnectConfig fromEnvironment(Environment env) {
        return new DisconnectConfig(env.required(EnvNames.TABLE_CONNECTIONS));
    }
}
