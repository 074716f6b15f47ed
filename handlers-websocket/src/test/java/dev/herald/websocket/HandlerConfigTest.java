package dev.herald.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.common.config.ConfigException;
import dev.herald.common.config.EnvNames;
import dev.herald.common.config.Environment;
import dev.herald.common.delivery.DeliveryProcessor;
import dev.herald.common.topology.HeraldTopology;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandlerConfigTest {
    private static final String ENDPOINT = "https://k7q2w9x4zd.execute-api.eu-west-1.amazonaws.com/live";
    private static final Environment ALL = Environment.of(Map.of(
            EnvNames.TABLE_CONNECTIONS, "herald-connections",
            EnvNames.TABLE_DELIVERIES, "herald-deliveries",
            EnvNames.QUEUE_URL_WEBSOCKET, "https://sqs.eu-west-1.amazonaws.com/123456789012/herald-websocket",
            EnvNames.WEBSOCKET_MANAGEMENT_ENDPOINT, ENDPOINT,
            EnvNames.JWT_SECRET_ID, "herald/jwt",
            EnvNames.JWT_AUDIENCES, "herald-web, herald-ios"));

    @Test
    void fromEnvironment_readsTheTopologysVariables() {
        assertThat(ConnectConfig.fromEnvironment(ALL)).isEqualTo(new ConnectConfig("herald-connections", "herald/jwt", List.of("herald-web", "herald-ios")));
        assertThat(DisconnectConfig.fromEnvironment(ALL)).isEqualTo(new DisconnectConfig("herald-connections"));
        assertThat(MessageConfig.fromEnvironment(ALL)).isEqualTo(new MessageConfig("herald-connections", "herald-deliveries"));
        assertThat(WebSocketDeliveryConfig.fromEnvironment(ALL)).isEqualTo(new WebSocketDeliveryConfig("herald-connections", "herald-deliveries",
                "https://sqs.eu-west-1.amazonaws.com/123456789012/herald-websocket", URI.create(ENDPOINT), DeliveryProcessor.DEFAULT_PARALLELISM));
        assertThat(InboxApiConfig.fromEnvironment(ALL)).isEqualTo(new InboxApiConfig("herald-deliveries", "herald/jwt", List.of("herald-web", "herald-ios")));
    }

    @Test
    void fromEnvironment_withoutAVariable_namesIt() {
        assertThatThrownBy(() -> ConnectConfig.fromEnvironment(Environment.of(Map.of(EnvNames.TABLE_CONNECTIONS, "t"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining(EnvNames.JWT_SECRET_ID);
        assertThatThrownBy(() -> WebSocketDeliveryConfig.fromEnvironment(Environment.of(Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining(EnvNames.TABLE_CONNECTIONS);
    }

    @Test
    void fromEnvironment_withAManagementEndpointThatIsNoUrl_saysWhatToSet() {
        var env = new java.util.HashMap<>(ALL.asMap());
        env.put(EnvNames.WEBSOCKET_MANAGEMENT_ENDPOINT, "k7q2w9x4zd.execute-api.eu-west-1.amazonaws.com");
        assertThatThrownBy(() -> WebSocketDeliveryConfig.fromEnvironment(Environment.of(env)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("https://{api-id}.execute-api.{region}.amazonaws.com/{stage}");
    }
}
