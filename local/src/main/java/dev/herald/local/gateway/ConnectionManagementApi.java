package dev.herald.local.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import dev.herald.local.EdgeComponent;
import dev.herald.local.emulators.FaultPlan;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.websocket.api.Callback;

/**
 * The API Gateway {@code @connections} management API, as the SDK's {@code ApiGatewayManagementApiClient}
 * calls it with the endpoint {@code http://host:port/<stage>}:
 * <ul>
 *   <li>{@code POST /<stage>/@connections/{id}} - the body is sent as one text frame; 200, or 410
 *       {@code GoneException} for an unknown or closed id, 413 {@code PayloadTooLargeException} above 128 KB;</li>
 *   <li>{@code GET} - {@code connectedAt}, {@code identity} ({@code sourceIp}, {@code userAgent}), {@code lastActiveAt};</li>
 *   <li>{@code DELETE} - closes the connection (its {@code $disconnect} runs); 204, or 410.</li>
 * </ul>
 * A fault injected with {@link WebSocketGateway#managementFaults()} makes a {@code POST} answer that status instead.
 * Errors carry {@code x-amzn-ErrorType} and a JSON {@code message}, as the REST-JSON protocol expects.
 * Request signatures are not checked: this is a local, single-user runtime.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-how-to-call-websocket-api-connections.html
 */
final class ConnectionManagementApi implements EdgeComponent {
    private final String stage;
    private final WebSocketGateway gateway;
    private final FaultPlan<Integer> faults;

    ConnectionManagementApi(String stage, WebSocketGateway gateway, FaultPlan<Integer> faults) {
        this.stage = stage;
        this.gateway = gateway;
        this.faults = faults;
    }

    @Override
    public void install(JavalinConfig config) {
        String path = "/" + stage + "/@connections/{connectionId}";
        config.routes.post(path, this::post);
        config.routes.get(path, this::get);
        config.routes.delete(path, this::delete);
    }

    private void post(Context ctx) throws InterruptedException {
        byte[] body = ctx.bodyAsBytes();
        if (body.length > WebSocketGateway.MAX_MESSAGE_BYTES) {
            error(ctx, 413, "PayloadTooLargeException",
                    "Message of " + body.length + " bytes is above the 131072-byte limit of a WebSocket message");
            return;
        }
        Optional<Integer> fault = faults.next(ctx.pathParam("connectionId"));
        if (fault.isPresent()) {
            int status = fault.get();
            error(ctx, status, switch (status) {
                case 410 -> "GoneException";
                case 429 -> "LimitExceededException";
                default -> "InternalServerErrorException";
            }, status == 410 ? null : "injected fault");
            return;
        }
        Optional<Connection> found = gateway.find(ctx.pathParam("connectionId"));
        if (found.isEmpty()) {
            gone(ctx);
            return;
        }
        Connection c = found.get();
        Callback.Completable sent = new Callback.Completable();
        c.session.sendText(new String(body, java.nio.charset.StandardCharsets.UTF_8), sent);
        try {
            sent.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            gone(ctx);
            return;
        }
        c.lastActiveAt = System.currentTimeMillis();
        ctx.status(200);
    }

    private void get(Context ctx) {
        Optional<Connection> found = gateway.find(ctx.pathParam("connectionId"));
        if (found.isEmpty()) {
            gone(ctx);
            return;
        }
        Connection c = found.get();
        ObjectNode out = Json.object();
        out.put("connectedAt", Instant.ofEpochMilli(c.connectedAt).toString());
        ObjectNode identity = out.putObject("identity");
        identity.put("sourceIp", c.sourceIp);
        identity.put("userAgent", c.userAgent);
        out.put("lastActiveAt", Instant.ofEpochMilli(c.lastActiveAt).toString());
        ctx.contentType("application/json").result(Json.write(out));
    }

    private void delete(Context ctx) {
        if (!gateway.disconnect(ctx.pathParam("connectionId"))) {
            gone(ctx);
            return;
        }
        ctx.status(204);
    }

    private static void gone(Context ctx) {
        error(ctx, 410, "GoneException", null);
    }

    private static void error(Context ctx, int status, String type, String message) {
        ObjectNode body = Json.object();
        if (message == null) {
            body.putNull("message");
        } else {
            body.put("message", message);
        }
        ctx.status(status).header("x-amzn-ErrorType", type).contentType("application/json").result(Json.write(body));
    }
}
