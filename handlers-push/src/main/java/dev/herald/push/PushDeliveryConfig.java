package dev.herald.push;

import dev.herald.common.config.EnvNames;
import dev.herald.common.config.Environment;
import dev.herald.common.delivery.DeliveryProcessor;
import dev.herald.common.topology.HeraldTopology;
import java.time.Duration;

/**
 * Configuration of the push delivery function, read once at init.
 *
 * @param apnsSecretId    the APNs secret's id, or null when APNs is not set up (iOS deliveries are then rejected)
 * @param fcmSecretId     the FCM secret's id, or null when FCM is not set up (Android deliveries are then rejected)
 * @param apnsConnections HTTP/2 connections to APNs ({@code HERALD_APNS_CONNECTIONS}, default 2)
 * @param maxInFlight     APNs streams in flight at most ({@code HERALD_APNS_MAX_IN_FLIGHT}, default 500)
 * @param sendTimeout     how long one delivery waits for APNs and FCM ({@code HERALD_PUSH_SEND_TIMEOUT_SECONDS},
 *                        default 8 s; a device that has not answered by then counts as a transient failure)
 * @param parallelism     records of a batch delivered at once ({@code HERALD_DELIVERY_PARALLELISM}, default 10); their
 *                        APNs sends share the {@code maxInFlight} bound
 */
record PushDeliveryConfig(String deviceTokensTable, String deliveriesTable, String pushQueueUrl, String apnsSecretId, String fcmSecretId,
                  int apnsConnections, int maxInFlight, Duration sendTimeout, int parallelism) {
    static final String APNS_CONNECTIONS = EnvNames.APNS_CONNECTIONS;
    static final String APNS_MAX_IN_FLIGHT = EnvNames.APNS_MAX_IN_FLIGHT;
    static final String SEND_TIMEOUT_SECONDS = EnvNames.PUSH_SEND_TIMEOUT_SECONDS;

    static PushDeliveryConfig fromEnvironment(Environment env) {
        return new PushDeliveryConfig(
                env.required(EnvNames.TABLE_DEVICE_TOKENS),
                env.required(EnvNames.TABLE_DELIVERIES),
                env.required(EnvNames.QUEUE_URL_PUSH),
                env.optional(EnvNames.APNS_SECRET_ID).orElse(null),
                env.optional(EnvNames.FCM_SECRET_ID).orElse(null),
                env.integer(APNS_CONNECTIONS, 2),
                env.integer(APNS_MAX_IN_FLIGHT, 500),
                Duration.ofSeconds(env.integer(SEND_TIMEOUT_SECONDS, 8)),
                DeliveryProcessor.parallelism(env));
    }
}
