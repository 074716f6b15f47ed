package dev.herald.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.config.EnvNames;
import dev.herald.common.config.Environment;
import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.store.ConnectionStore;
import dev.herald.common.store.DynamoDbConnectionStore;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.topology.HeraldTopology;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Lambda entry points (public no-arg constructors) wired as on AWS: configuration from the
 * environment the Topology sets, SDK clients from {@code AwsClients}, endpoints from the SDK's own
 * {@code aws.endpointUrl<Service>} settings (system properties here, {@code AWS_ENDPOINT_URL_<SERVICE>} on Lambda).
 */
class HandlerWiringIT {
    private static final List<String> PROPERTIES = List.of("aws.region", "aws.accessKeyId", "aws.secretAccessKey",
            "aws.endpointUrlDynamoDb", "aws.endpointUrlSqs");
    private static ManagementApiServer gateway;

    @BeforeAll
    static void environment() throws Exception {
        gateway = new ManagementApiServer();
        LocalEngines engines = LocalEngines.get();
        System.setProperty("aws.region", LocalEngines.REGION.id());
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        System.setProperty("aws.endpointUrlDynamoDb", engines.dynamoEndpoint().toString());
        System.setProperty("aws.endpointUrlSqs", engines.sqsEndpoint().toString());
        Environment.override(Map.of(
                EnvNames.TABLE_CONNECTIONS, HeraldTopology.TABLE_CONNECTIONS,
                EnvNames.TABLE_DELIVERIES, HeraldTopology.TABLE_DELIVERIES,
                EnvNames.QUEUE_URL_WEBSOCKET, engines.queueUrl(HeraldTopology.QUEUE_WEBSOCKET),
                EnvNames.WEBSOCKET_MANAGEMENT_ENDPOINT, gateway.endpoint().toString()));
    }

    @AfterAll
    static void restore() {
        PROPERTIES.forEach(System::clearProperty);
        Environment.override(Map.of());
        gateway.close();
    }

    @Test
    void lambdaEntryPoints_deliverAcknowledgeAndDisconnect_throughTheirOwnWiring() {
        DeliveryLedger ledger = new DynamoDbDeliveryLedger(LocalEngines.get().dynamo(), HeraldTopology.TABLE_DELIVERIES);
        ConnectionStore connections = new DynamoDbConnectionStore(LocalEngines.get().dynamo(), HeraldTopology.TABLE_CONNECTIONS);
        String user = "user-" + UUID.randomUUID();
        String tab = "c-" + UUID.randomUUID();
        connections.put(ConnectionStore.Connection.opened(tab, user, Instant.now()));
        gateway.open(tab);
        LocalEngines.get().purge(HeraldTopology.QUEUE_WEBSOCKET);
        ChannelMessage m = DeliveryFixtures.queued(ledger, DeliveryFixtures.orderShipped(user));

        assertThat(new WebSocketDeliveryHandler().handleRequest(ChannelBatches.of(m), null).getBatchItemFailures()).isEmpty();
        assertThat(gateway.frames(tab)).hasSize(1);
        assertThat(ledger.find(m.deliveryId()).orElseThrow().status()).isEqualTo(DeliveryStatus.SENT);

        new MessageHandler().handleRequest(WebSocketEvents.message(tab, "{\"action\":\"ack\",\"deliveryId\":\"" + m.deliveryId() + "\"}"), null);
        assertThat(ledger.find(m.deliveryId()).orElseThrow().status()).isEqualTo(DeliveryStatus.DELIVERED);

        new DisconnectHandler().handleRequest(WebSocketEvents.disconnect(tab), null);
        assertThat(connections.find(tab)).isEmpty();
    }
}
