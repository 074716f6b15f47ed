package dev.herald.email;

import dev.herald.common.config.EnvNames;
import dev.herald.common.config.Environment;

/**
 * Configuration of the SES feedback function, read once at init.
 *
 * @param suppressionsTable the Suppressions table
 * @param deliveriesTable   the ledger
 */
record SesFeedbackConfig(String suppressionsTable, String deliveriesTable) {

    static SesFeedbackConfig fromEnvironment(Environment env) {
        return new SesFeedbackConfig(env.required(EnvNames.TABLE_SUPPRESSIONS), env.required(EnvNames.TABLE_DELIVERIES));
    }
}
