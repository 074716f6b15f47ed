package dev.herald.router;

import dev.herald.common.config.EnvNames;
import dev.herald.common.config.Environment;
import dev.herald.common.event.Channel;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The router's configuration, read once at init.
 *
 * @param queueUrls          the channel queue of every channel
 * @param enrichmentFunction the enrichment function's name or ARN; empty when no route enriches
 * @param routesFile         a routes file replacing the bundled routes, or empty
 * @throws dev.herald.common.config.ConfigException from {@link #fromEnvironment} when a required variable is missing
 */
public record RouterConfig(String deliveriesTable, String topicsTable, String preferencesTable, Map<Channel, String> queueUrls,
                           Optional<String> enrichmentFunction, Optional<Path> routesFile) {
    public RouterConfig {
        queueUrls = Map.copyOf(queueUrls);
    }

    public static RouterConfig fromEnvironment(Environment env) {
        return new RouterConfig(
                env.required(EnvNames.TABLE_DELIVERIES),
                env.required(EnvNames.TABLE_TOPICS),
                env.required(EnvNames.TABLE_PREFERENCES),
                Map.of(Channel.WEBSOCKET, env.required(EnvNames.QUEUE_URL_WEBSOCKET),
                        Channel.PUSH, env.required(EnvNames.QUEUE_URL_PUSH),
                        Channel.EMAIL, env.required(EnvNames.QUEUE_URL_EMAIL)),
                env.optional(EnvNames.ENRICHMENT_FUNCTION),
                env.optional(EnvNames.ROUTES_FILE).map(Path::of));
    }
}
