package dev.herald.enrichment;

import dev.herald.common.config.EnvNames;
import dev.herald.common.config.Environment;
import java.time.Duration;

/**
 * The enrichment function's configuration, read once at init.
 *
 * @param profilesTable    the Profiles table ({@value EnvNames#TABLE_PROFILES})
 * @param templatesTable   the Templates table ({@value EnvNames#TABLE_TEMPLATES})
 * @param templateCacheTtl how long a warm container reuses a template it loaded; an edit to the
 *                         Templates table shows within this time
 */
public record EnrichmentConfig(String profilesTable, String templatesTable, Duration templateCacheTtl) {
    /** Short enough that a copy fix shows within a minute, long enough that a burst reads each template once. */
    public static final Duration TEMPLATE_CACHE_TTL = Duration.ofSeconds(60);

    /** @throws dev.herald.common.config.ConfigException naming a missing variable */
    public static EnrichmentConfig fromEnvironment(Environment env) {
        return new EnrichmentConfig(env.required(EnvNames.TABLE_PROFILES), env.required(EnvNames.TABLE_TEMPLATES), TEMPLATE_CACHE_TTL);
    }
}
