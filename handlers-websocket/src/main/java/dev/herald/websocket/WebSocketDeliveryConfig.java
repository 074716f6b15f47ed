package dev.herald.websocket;

import dev.herald.common.config.EnvNames;
import dev.herald.common.config.Environment;
import dev.herald.common.delivery.DeliveryProcessor;
import java.net.URI;

/**
 * Configuration of {@link WebSocketDeliveryHandler}.
 *
 * @param connectionsTable   the Connections table
 * @param deliveriesTable    the delivery ledger
 * @param queueUrl           the WebSocket channel queue (deferred messages go back onto it)
 * @param managementEndpoint the WebSocket API's {@code @connections} endpoint
 * @param parallelism        records of a batch delivered at once ({@code HERALD_DELIVERY_PARALLELISM}, default 10)
 */
record WebSocketDeliveryConfig(String connectionsTable, String deliveriesTable, String queueUrl, URI managementEndpoint, int parallelism) {
    /** @throws dev.herald.common.config.ConfigException naming the missing or malformed variable */
    static WebSocketDeliveryConfig fromEnvironment(Environment env) {
        return new WebSocketDeliveryConfig(env.required(EnvNames.TABLE_CONNECTIONS), env.required(EnvNames.TABLE_DELIVERIES),
                env.required(EnvNames.QUEUE_URL_WEBSOCKET), ManagementEndpoint.from(env), DeliveryProcessor.parallelism(env));
    }
}
