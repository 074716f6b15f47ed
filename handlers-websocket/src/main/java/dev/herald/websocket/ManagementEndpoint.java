package dev.herald.websocket;

import dev.herald.common.config.ConfigException;
import dev.herald.common.config.EnvNames;
import dev.herald.common.config.Environment;
import java.net.URI;

/** Reads and checks {@code HERALD_WEBSOCKET_MANAGEMENT_ENDPOINT}, the WebSocket API's {@code @connections} endpoint. */
final class ManagementEndpoint {
    private ManagementEndpoint() {
    }

    static URI from(Environment env) {
        String value = env.required(EnvNames.WEBSOCKET_MANAGEMENT_ENDPOINT);
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw invalid(value, e);
        }
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw invalid(value, null);
        }
        return uri;
    }

    private static ConfigException invalid(String value, Throwable cause) {
        return new ConfigException(EnvNames.WEBSOCKET_MANAGEMENT_ENDPOINT + "='" + value + "' is not an http(s) URL; set it to "
                + "the WebSocket API's stage URL, https://{api-id}.execute-api.{region}.amazonaws.com/{stage}", cause);
    }
}
