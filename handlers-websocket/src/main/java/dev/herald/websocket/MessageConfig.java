package dev.herald.websocket;

import dev.herald.common.config.EnvNames;
import dev.herald.common.config.Environment;

/**
 * Configuration of {@link MessageHandler}.
 *
 * @param connectionsTable   the Connections table
 * @param deliveriesTable    the delivery ledger
 */
record MessageConfig(String connectionsTable, String deliveriesTable) {
    /** @throws dev.herald.common.config.ConfigException naming the missing or malformed variable */
    static MessageConfig fromEnvironment(Environment env) {
        return new MessageConfig(env.required(EnvNames.TABLE_CONNECTIONS), env.required(EnvNames.TABLE_DELIVERIES));
    }
}
