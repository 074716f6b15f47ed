package dev.herald.router;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.herald.common.aws.AwsClients;
import dev.herald.common.config.EnvNames;
import dev.herald.common.config.Environment;
import dev.herald.common.http.Scopes;
import dev.herald.common.ingest.EventIngestion;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * The ingestion function behind {@code POST /v1/events} (HTTP API, payload format 2.0, JWT authorizer in
 * front): validates the body before anything reaches the bus and answers as {@link EventIngestion} says
 * (400 with every problem, 403 for {@code priority: critical} without {@code herald/publish-critical} among the
 * token's scopes, or 200 with PutEvents' entries), on AWS and in {@code herald up} alike. A
 * PutEvents fault answers 503 (the producer may retry; nothing was published when the call failed).
 * The bus is {@code HERALD_EVENT_BUS}.
 */
public final class IngestionHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(IngestionHandler.class);
    private static final Map<String, String> JSON = Map.of("content-type", "application/json");

    private final EventIngestion ingestion;

    public IngestionHandler() {
        this(AwsClients.create().eventBridge(), Environment.current().required(EnvNames.EVENT_BUS));
    }

    /** The test seam: a real EventBridge client pointed wherever the caller likes. */
    IngestionHandler(EventBridgeClient events, String busName) {
        this.ingestion = new EventIngestion(entries -> events.putEvents(r -> r.entries(entries)).entries(), busName);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try {
            EventIngestion.Answer answer = ingestion.ingest(body(event), scopes(event));
            return APIGatewayV2HTTPResponse.builder().withStatusCode(answer.status()).withHeaders(JSON).withBody(answer.body()).build();
        } catch (SdkException e) {
            LOG.error("PutEvents failed error={}", e.toString());
            return APIGatewayV2HTTPResponse.builder().withStatusCode(503).withHeaders(JSON)
                    .withBody("{\"message\":\"the event bus is unavailable; nothing was published, try again shortly\"}").build();
        }
    }

    /**
     * The scopes the route's JWT authorizer verified: {@code requestContext.authorizer.jwt.scopes} where API Gateway
     * fills it, else the token's {@code scope}/{@code scp} claims. None without an authorizer context.
     */
    private static Set<String> scopes(APIGatewayV2HTTPEvent event) {
        var context = event.getRequestContext();
        if (context == null || context.getAuthorizer() == null || context.getAuthorizer().getJwt() == null) {
            return Set.of();
        }
        var jwt = context.getAuthorizer().getJwt();
        if (jwt.getScopes() != null && !jwt.getScopes().isEmpty()) {
            return Set.copyOf(jwt.getScopes());
        }
        return jwt.getClaims() == null ? Set.of() : Scopes.of(jwt.getClaims());
    }

    private static String body(APIGatewayV2HTTPEvent event) {
        String body = event.getBody();
        if (body != null && event.getIsBase64Encoded()) {
            return new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        return body;
    }
}
