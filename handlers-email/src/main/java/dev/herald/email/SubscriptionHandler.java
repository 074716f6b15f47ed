package dev.herald.email;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.herald.common.auth.JwtVerifier;
import dev.herald.common.aws.CachedSecret;
import dev.herald.common.aws.AwsClients;
import dev.herald.common.aws.SecretReader;
import dev.herald.common.config.Clocks;
import dev.herald.common.config.Environment;
import dev.herald.common.http.HttpRequests;
import dev.herald.common.http.HttpResponses;
import dev.herald.common.http.JwtAuth;
import dev.herald.common.store.DynamoDbEmailSubscriptionStore;
import dev.herald.common.store.EmailSubscriptionStore;
import java.util.function.Function;
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
 * The table is read from the environment at init; the JWT and email secrets are read on first use and again
 * every few minutes ({@link CachedSecret}), so the function starts while they hold the stack's placeholder -
 * until they are stored, the routes that need them answer 503 with a reason naming the secret.
 */
public final class SubscriptionHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionHandler.class);
    private static final String BASE = "/v1/subscriptions/email";

    private final JwtAuth auth;
    private final CachedSecret<EmailSettings> settings;
    private final EmailSubscriptionStore store;
    private final SesV2Client ses;
    private final Clock clock;

    public SubscriptionHandler() {
        this(SubscriptionConfig.fromEnvironment(Environment.current()), AwsClients.create());
    }

    private SubscriptionHandler(SubscriptionConfig config, AwsClients aws) {
        this(config, aws.dynamoDb(), aws.sesV2(), new SecretReader(aws.secretsManager()), Clocks.current());
    }

    private SubscriptionHandler(SubscriptionConfig config, DynamoDbClient dynamo, SesV2Client ses, SecretReader secrets, Clock clock) {
        this(config, dynamo, ses, JwtAuth.fromSecret(secrets, config.jwtSecretId(), config.jwtAudiences()),
                EmailSettings.fromSecret(secrets, config.settingsSecretId(), clock), clock);
    }

    /** The test seam: real clients and a verifier of the caller's choosing. */
    SubscriptionHandler(SubscriptionConfig config, DynamoDbClient dynamo, SesV2Client ses, JwtVerifier jwt, EmailSettings settings,
                        Clock clock) {
        this(config, dynamo, ses, JwtAuth.of(jwt), CachedSecret.fixed(config.settingsSecretId(), settings), clock);
    }

    private SubscriptionHandler(SubscriptionConfig config, DynamoDbClient dynamo, SesV2Client ses, JwtAuth auth,
                                CachedSecret<EmailSettings> settings, Clock clock) {
        this.auth = auth;
        this.settings = settings;
        this.store = new DynamoDbEmailSubscriptionStore(dynamo, config.subscriptionsTable());
        this.ses = ses;
        this.clock = clock;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String route = HttpRequests.route(event);
        try {
            return switch (route) {
                case "POST " + BASE -> withSettings(s -> new SubscribeAction(auth, store, ses, s, clock).handle(event));
                case "GET " + BASE + "/confirm" -> withSettings(s -> links(s).confirm(event));
                case "GET " + BASE + "/unsubscribe" -> withSettings(s -> links(s).unsubscribe(event, false));
                case "POST " + BASE + "/unsubscribe" -> withSettings(s -> links(s).unsubscribe(event, true));
                default -> HttpResponses.notFound("no route '" + route + "' here; this function serves " + BASE
                        + " (POST), " + BASE + "/confirm (GET) and " + BASE + "/unsubscribe (GET, POST)");
            };
        } catch (SdkException e) {
            LOG.error("subscription request failed route={} error={}", route, e.toString());
            return HttpResponses.unavailable("the subscription store is unavailable just now; try again in a moment");
        }
    }

    private LinkAction links(EmailSettings s) {
        return new LinkAction(store, s.tokens(), clock);
    }

    /** The route's answer with the current email settings, or 503 naming the secret while it is not usable. */
    private APIGatewayV2HTTPResponse withSettings(Function<EmailSettings, APIGatewayV2HTTPResponse> route) {
        return switch (settings.get()) {
            case CachedSecret.Ready<EmailSettings> ready -> route.apply(ready.value());
            case CachedSecret.Unavailable<EmailSettings> u -> {
                LOG.error("subscription request refused with 503: email settings not usable reason={}", u.reason());
                yield HttpResponses.unavailable("email subscriptions are not configured: " + u.reason());
            }
        };
    }
}
