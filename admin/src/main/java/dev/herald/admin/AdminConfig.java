package dev.herald.admin;

import dev.herald.common.config.EnvNames;
import dev.herald.common.config.Environment;

/**
 * The admin API's configuration, read once at init.
 *
 * @throws dev.herald.common.config.ConfigException from {@link #fromEnvironment} naming a missing variable
 */
public record AdminConfig(String routesTable, String templatesTable, String profilesTable) {
    public static AdminConfig fromEnvironment(Environment env) {
        return new AdminConfig(env.required(EnvNames.TABLE_ROUTES), env.required(EnvNames.TABLE_TEMPLATES),
                env.required(EnvNames.TABLE_PROFILES));
    }
}
