package dev.herald.router;

import dev.herald.common.config.ConfigException;
import dev.herald.common.config.EnvNames;
import dev.herald.common.config.Environment;
import dev.herald.common.config.Parallelism;
import dev.herald.common.schedule.MessageScheduler;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.common.event.Channel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The router's configuration, read once at init.
 *
 * @param queueUrls          the channel queue of every channel
 * @param ingressQueueUrl    the router's own (ingress) queue, where the chunks of a large audience go
 * @param enrichmentFunction the enrichment function's name or ARN, or null when no route enriches
 * @param routesFile         a routes file to route with instead of the Routes table (fixed for the container's life), or null
 * @param routesTable        the Routes table the routes are read from (with a cache, {@link TableRoutes}), or null with a routes file
 * @param routesCheck        how long a check of the Routes table's version holds ({@value #ROUTES_CHECK_MS} in milliseconds,
 *                           default 5 s; 0 checks once per batch)
 * @param enrichmentTimeout  how long one enrichment Invoke may take, all SDK attempts included; past it the
 *                           event is retried ({@value #ENRICHMENT_TIMEOUT_MS} in milliseconds, default 10 s: the
 *                           enrichment function's own timeout in the Topology)
 * @param parallelism        how many records of a batch are stepped side by side ({@value #PARALLELISM}, default
 *                           {@value #DEFAULT_PARALLELISM}; 1 steps them one after another; at most {@value Parallelism#MAX}:
 *                           {@link Parallelism})
 * @param throttlesTable     the Throttles table that counts routes' per-user throttles ({@link ThrottleCounter})
 * @param digestsTable       the Digests table that gathers routes' digests ({@link DigestStore})
 * @param scheduler          where digests that close more than 15 minutes ahead schedule their flush
 *                           ({@value EnvNames#SCHEDULE_GROUP}, {@value EnvNames#SCHEDULER_ROLE_ARN}), or null without
 * @param ingressQueueArn    the ingress queue's ARN, the target of those schedules ({@value EnvNames#DEFERRAL_QUEUE_ARN}),
 *                           or null without a scheduler
 * @throws ConfigException from {@link #fromEnvironment} when a required variable is missing, and when a value is out of
 *                         range
 */
public record RouterConfig(String deliveriesTable, String topicsTable, String preferencesTable, Map<Channel, String> queueUrls,
                           String ingressQueueUrl, String enrichmentFunction, Path routesFile, Duration enrichmentTimeout,
                           int parallelism, String routesTable, Duration routesCheck, String throttlesTable, String digestsTable,
                           MessageScheduler.Settings scheduler, String ingressQueueArn) {
    /** Environment variable overriding {@link #DEFAULT_PARALLELISM}. */
    public static final String PARALLELISM = EnvNames.ROUTER_PARALLELISM;
    /** As many records side by side as a batch holds (the ingress trigger's batch size). */
    public static final int DEFAULT_PARALLELISM = Parallelism.DEFAULT;
    private static final String PARALLELISM_COUNTS = "records of a batch the router steps side by side";
    /** Environment variable overriding {@link #DEFAULT_ENRICHMENT_TIMEOUT}, in milliseconds. */
    public static final String ENRICHMENT_TIMEOUT_MS = EnvNames.ENRICHMENT_TIMEOUT_MS;
    public static final Duration DEFAULT_ENRICHMENT_TIMEOUT = Duration.ofSeconds(10);

    /** Environment variable overriding {@link #DEFAULT_ROUTES_CHECK}, in milliseconds. */
    public static final String ROUTES_CHECK_MS = EnvNames.ROUTES_CHECK_MS;
    public static final Duration DEFAULT_ROUTES_CHECK = Duration.ofSeconds(5);

    public RouterConfig {
        queueUrls = Map.copyOf(queueUrls);
        if (routesFile == null && routesTable == null) {
            throw new ConfigException("the router has no routes: set " + EnvNames.TABLE_ROUTES + " to the Routes table (herald-routes),"
                    + " or " + EnvNames.ROUTES_FILE + " to a routes file");
        }
        if (routesCheck == null || routesCheck.isNegative()) {
            throw new ConfigException(ROUTES_CHECK_MS + " must be 0 or more milliseconds, such as 5000");
        }
        if (enrichmentTimeout == null || enrichmentTimeout.isNegative() || enrichmentTimeout.isZero()) {
            throw new ConfigException("the enrichment timeout must be positive; set "
                    + ENRICHMENT_TIMEOUT_MS + " to a number of milliseconds such as 10000");
        }
        Parallelism.require(PARALLELISM, parallelism, PARALLELISM_COUNTS);
        if ((scheduler == null) != (ingressQueueArn == null)) {
            throw new ConfigException("set " + EnvNames.DEFERRAL_QUEUE_ARN + " (the ingress queue's ARN) together with "
                    + EnvNames.SCHEDULE_GROUP + " and " + EnvNames.SCHEDULER_ROLE_ARN + " on the router, or none of them");
        }
    }

    /** With the standard Throttles table ({@link HeraldTopology#TABLE_THROTTLES}). */
    public RouterConfig(String deliveriesTable, String topicsTable, String preferencesTable, Map<Channel, String> queueUrls,
                        String ingressQueueUrl, String enrichmentFunction, Path routesFile, Duration enrichmentTimeout,
                        int parallelism, String routesTable, Duration routesCheck) {
        this(deliveriesTable, topicsTable, preferencesTable, queueUrls, ingressQueueUrl, enrichmentFunction, routesFile,
                enrichmentTimeout, parallelism, routesTable, routesCheck, HeraldTopology.TABLE_THROTTLES, HeraldTopology.TABLE_DIGESTS, null, null);
    }

    /** With the standard Routes table ({@link HeraldTopology#TABLE_ROUTES}) and the default check interval. */
    public RouterConfig(String deliveriesTable, String topicsTable, String preferencesTable, Map<Channel, String> queueUrls,
                        String ingressQueueUrl, String enrichmentFunction, Path routesFile, Duration enrichmentTimeout, int parallelism) {
        this(deliveriesTable, topicsTable, preferencesTable, queueUrls, ingressQueueUrl, enrichmentFunction,
                routesFile, enrichmentTimeout, parallelism, HeraldTopology.TABLE_ROUTES, DEFAULT_ROUTES_CHECK);
    }

    /** With the default enrichment timeout. */
    public RouterConfig(String deliveriesTable, String topicsTable, String preferencesTable, Map<Channel, String> queueUrls,
                        String ingressQueueUrl, String enrichmentFunction, Path routesFile) {
        this(deliveriesTable, topicsTable, preferencesTable, queueUrls, ingressQueueUrl, enrichmentFunction, routesFile,
                DEFAULT_ENRICHMENT_TIMEOUT, DEFAULT_PARALLELISM);
    }

    /** The channel queues: WebSocket, push and email are required; SMS is routed to only when its queue is configured. */
    public static RouterConfig fromEnvironment(Environment env) {
        return new RouterConfig(
                env.required(EnvNames.TABLE_DELIVERIES),
                env.required(EnvNames.TABLE_TOPICS),
                env.required(EnvNames.TABLE_PREFERENCES),
                channelQueues(env),
                env.required(EnvNames.QUEUE_URL_INGRESS),
                env.optional(EnvNames.ENRICHMENT_FUNCTION).orElse(null),
                env.optional(EnvNames.ROUTES_FILE).map(Path::of).orElse(null),
                Duration.ofMillis(env.integer(ENRICHMENT_TIMEOUT_MS, (int) DEFAULT_ENRICHMENT_TIMEOUT.toMillis())),
                Parallelism.fromEnvironment(env, PARALLELISM, PARALLELISM_COUNTS),
                env.optional(EnvNames.TABLE_ROUTES).orElse(null),
                Duration.ofMillis(env.integer(ROUTES_CHECK_MS, (int) DEFAULT_ROUTES_CHECK.toMillis())),
                env.optional(EnvNames.TABLE_THROTTLES).orElse(HeraldTopology.TABLE_THROTTLES),
                env.optional(EnvNames.TABLE_DIGESTS).orElse(HeraldTopology.TABLE_DIGESTS),
                MessageScheduler.Settings.fromEnvironment(env).orElse(null),
                env.optional(EnvNames.DEFERRAL_QUEUE_ARN).orElse(null));
    }

    private static Map<Channel, String> channelQueues(Environment env) {
        Map<Channel, String> urls = new java.util.EnumMap<>(Channel.class);
        urls.put(Channel.WEBSOCKET, env.required(EnvNames.QUEUE_URL_WEBSOCKET));
        urls.put(Channel.PUSH, env.required(EnvNames.QUEUE_URL_PUSH));
        urls.put(Channel.EMAIL, env.required(EnvNames.QUEUE_URL_EMAIL));
        // optional: a deployment without the webhook or SMS channel keeps working (a route naming it then fails with the reason)
        env.optional(EnvNames.QUEUE_URL_WEBHOOK).ifPresent(url -> urls.put(Channel.WEBHOOK, url));
        env.optional(EnvNames.QUEUE_URL_SMS).ifPresent(url -> urls.put(Channel.SMS, url));
        return urls;
    }
}
