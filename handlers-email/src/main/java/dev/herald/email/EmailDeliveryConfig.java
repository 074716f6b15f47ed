package dev.herald.email;

import dev.herald.common.config.EnvNames;
import dev.herald.common.config.Environment;
import dev.herald.common.delivery.DeliveryProcessor;
import dev.herald.common.topology.HeraldTopology;

/**
 * Configuration of the email delivery function, read once at init.
 *
 * @param subscriptionsTable the EmailSubscriptions table
 * @param suppressionsTable  the Suppressions table
 * @param deliveriesTable    the ledger
 * @param queueUrl           the email queue (quiet-hours deferrals go back to it)
 * @param settingsSecretId   the secret holding {@link EmailSettings}
 * @param parallelism        records of a batch delivered at once ({@code HERALD_DELIVERY_PARALLELISM}, default 10)
 */
record EmailDeliveryConfig(String subscriptionsTable, String suppressionsTable, String deliveriesTable, String queueUrl,
                           String settingsSecretId, int parallelism) {

    static EmailDeliveryConfig fromEnvironment(Environment env) {
        return new EmailDeliveryConfig(
                env.required(EnvNames.TABLE_EMAIL_SUBSCRIPTIONS),
                env.required(EnvNames.TABLE_SUPPRESSIONS),
                env.required(EnvNames.TABLE_DELIVERIES),
                env.required(EnvNames.QUEUE_URL_EMAIL),
                env.required(EnvNames.EMAIL_TOKEN_SECRET_ID),
                DeliveryProcessor.parallelism(env));
    }
}
