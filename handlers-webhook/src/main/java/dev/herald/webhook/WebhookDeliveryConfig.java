package dev.herald.webhook;

import dev.herald.common.config.EnvNames;
import dev.herald.common.config.Environment;
import dev.herald.common.delivery.DeliveryProcessor;

/**
 * Configuration of the webhook delivery function, read once at init.
 *
 * @param allowLoopback {@code HERALD_WEBHOOK_ALLOW_LOOPBACK}: only {@code herald up} sets it (loopback receivers)
 * @param parallelism   records of a batch delivered at once ({@code HERALD_DELIVERY_PARALLELISM}, default 10)
 */
record WebhookDeliveryConfig(String webhooksTable, String topicsTable, String deliveriesTable, String webhookQueueUrl,
                             boolean allowLoopback, int parallelism) {
    static WebhookDeliveryConfig fromEnvironment(Environment env) {
        return new WebhookDeliveryConfig(
                env.required(EnvNames.TABLE_WEBHOOKS),
                env.required(EnvNames.TABLE_TOPICS),
                env.required(EnvNames.TABLE_DELIVERIES),
                env.required(EnvNames.QUEUE_URL_WEBHOOK),
                env.bool(EnvNames.WEBHOOK_ALLOW_LOOPBACK, false),
                DeliveryProcessor.parallelism(env));
    }
}
