package dev.herald.email;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.herald.common.auth.JwtVerifier;
import dev.herald.common.aws.AwsClients;
import dev.herald.common.aws.SecretReader;
import dev.herald.common.config.Environment;
import dev.herald.common.store.DynamoDbEmailSubscriptionStore;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The email subscription API (HTTP API, payload format 2.0):
 * <ul>
 *   <li>{@code POST /v1/subscriptions/email} {@code {"address": ...}} (JWT) - see {@link SubscribeAction};</li>
 *   <li>{@code GET /v1/subscriptions/email/confirm?token=} and {@code GET|POST /v1/subscriptions/email/unsubscribe?token=}
 *       (signed links) - see {@link LinkAction}.</li>
 * </ul>
 * The bearer token is verified here even though API Gateway's authorizer did, so the function is safe
 * behind any route. Errors are JSON {@code {"message": ...}}; a DynamoDB fault answers 503 (try again).
 * Configuration (table, JWT and email secrets) is read once at init.
 */
public final class SubscriptionHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionHandler.class);
    private static final String BASE = "/v1/subscriptions/email";

    private final SubscribeAction subscribe;
    private final LinkAction links;

    public SubscriptionHandler() {
        this(SubscriptionConfig.fromEnvironment(Environment.current()), AwsClients.create());
    }

    private SubscriptionHandler(SubscriptionConfig config, AwsClients aws) {
        this(config, aws.dynamoDb(), aws.sesV2(), new SecretReader(aws.secretsManager()), Clock.systemUTC());
    }

    private SubscriptionHandler(SubscriptionConfig config, DynamoDbClient dynamo, SesV2Client ses, SecretReader secrets, Clock clock) {
        this(config, dynamo, ses, JwtVerifier.fromConfig(secrets.json(config.jwtSecretId())),
                EmailSettings.fromSecret(secrets, config.settingsSecretId(), clock), clock);
    }

    /** The test seam: real clients and a verifier of the caller's choosing. */
    SubscriptionHandler(SubscriptionConfig config, DynamoDbClient dynamo, SesV2Client ses, JwtVerifier jwt, EmailSettings settings,
                        Clock clock) {
        var store = new DynamoDbEmailSubscriptionStore(dynamo, config.subscriptionsTable());
        this.subscribe = new SubscribeAction(jwt, store, ses, settings, clock);
        this.links = new LinkAction(store, settings.tokens(), clock);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String route = HttpRequests.route(event);
        try {
            return switch (route) {
                case "POST " + BASE -> subscribe.handle(event);
                case "GET " + BASE + "/confirm" -> links.confirm(event);
                case "GET " + BASE + "/unsubscribe" -> links.unsubscribe(event, false);
                case "POST " + BASE + "/unsubscribe" -> links.unsubscribe(event, true);
                default -> ApiResponses.message(404, "no route '" + route + "' here; this function serves " + BASE
                        + " (POST), " + BASE + "/confirm (GET) and " + BASE + "/unsubscribe (GET, POST)");
            };
        } catch (SdkException e) {
            LOG.error("subscription request failed route={} error={}", route, e.toString());
            return ApiResponses.message(503, "the subscription store is unavailable just now; try again in a moment");
        }
    }
}
