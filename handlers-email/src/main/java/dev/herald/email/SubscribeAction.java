package dev.herald.email;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.http.HttpRequests;
import dev.herald.common.http.HttpResponses;
import dev.herald.common.http.JwtAuth;
import dev.herald.common.json.Json;
import dev.herald.common.store.EmailSubscriptionStore;
import dev.herald.common.store.EmailSubscriptionStore.EmailSubscription;
import dev.herald.common.store.EmailSubscriptionStore.Status;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * {@code POST /v1/subscriptions/email} {@code {"address": "..."}}: subscribes the caller (the verified
 * JWT's {@code sub}) and emails a signed confirmation link; the subscription stays {@code pending} - and
 * receives nothing - until the link is opened. Subscribing a new address replaces the old one at once.
 * Answers 202 (pending, email sent), 200 (that address is already confirmed: nothing sent), 400 (body or
 * address malformed), 401 (bearer token missing or invalid), 503 (the JWT secret not usable yet), 429 (a confirmation
 * was sent for the same user, to any address, less than a minute ago), 502/503 (SES refused or failed to send the confirmation).
 */
final class SubscribeAction {
    private static final Logger LOG = LoggerFactory.getLogger(SubscribeAction.class);
    /** One confirmation email per user per minute, whatever the address: a valid JWT must not make Herald a mail cannon. */
    static final Duration RESEND_INTERVAL = Duration.ofMinutes(1);

    private final JwtAuth auth;
    private final EmailSubscriptionStore store;
    private final SesV2Client ses;
    private final SesMessages messages;
    private final Links links;
    private final Clock clock;

    SubscribeAction(JwtAuth auth, EmailSubscriptionStore store, SesV2Client ses, EmailSettings settings, Clock clock) {
        this.auth = auth;
        this.store = store;
        this.ses = ses;
        this.messages = new SesMessages(settings);
        this.links = new Links(settings);
        this.clock = clock;
    }

    APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        return auth.asUser(event, userId -> handle(event, userId));
    }

    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, String userId) {
        JsonNode body;
        try {
            body = Json.tree(HttpRequests.body(event));
        } catch (Json.JsonException e) {
            return HttpResponses.message(400, "the body is not JSON (" + e.getMessage() + "); send {\"address\": \"ada@example.com\"}");
        }
        if (body == null || !body.isObject()) {
            return HttpResponses.message(400, "the body must be a JSON object: {\"address\": \"ada@example.com\"}");
        }
        JsonNode field = body.get("address");
        if (field == null || !field.isTextual()) {
            return HttpResponses.message(400, "field 'address' is required and must be a string: {\"address\": \"ada@example.com\"}");
        }
        Optional<String> problem = EmailAddresses.problem(field.asText());
        if (problem.isPresent()) {
            return HttpResponses.message(400, "field 'address' is not a valid email address: " + problem.get());
        }
        return subscribe(userId, field.asText().strip());
    }

    private APIGatewayV2HTTPResponse subscribe(String userId, String address) {
        Instant now = clock.instant();
        Optional<EmailSubscription> current = store.find(userId);
        boolean sameAddress = current.isPresent()
                && EmailAddresses.canonical(current.get().address()).equals(EmailAddresses.canonical(address));
        if (sameAddress && current.get().status() == Status.CONFIRMED) {
            return subscription(200, Status.CONFIRMED.wireName(), "this address is already confirmed");
        }
        // Per user, whatever the address: alternating addresses must not send one email per request.
        if (current.isPresent() && current.get().status() == Status.PENDING && current.get().updatedAt() != null
                && current.get().updatedAt().plus(RESEND_INTERVAL).isAfter(now)) {
            long wait = Math.max(1, Duration.between(now, current.get().updatedAt().plus(RESEND_INTERVAL)).toSeconds());
            return tooSoon(wait, "a confirmation email was sent " + (sameAddress ? "to this address" : "for your subscription")
                    + " less than a minute ago (one per user per minute, whatever the address); check the inbox (and spam folder)"
                    + ", or try again in " + wait + " s");
        }
        String nonce = current.map(EmailSubscription::unsubscribeToken).orElseGet(SubscribeAction::newNonce);
        Instant createdAt = sameAddress && current.get().createdAt() != null ? current.get().createdAt() : now;
        EmailSubscription pending = new EmailSubscription(userId, address, Status.PENDING, nonce, createdAt, null, now);
        // Send first, then store: a failed send leaves the subscription as it was (and the resend limit untouched).
        try {
            String messageId = ses.sendEmail(messages.confirmation(address, links.confirm(pending))).messageId();
            LOG.info("subscription pending, confirmation sent userId={} sesMessageId={}", userId, messageId);
        } catch (SdkException e) {
            LOG.warn("confirmation email not sent userId={} error={}", userId, SesErrors.code(e));
            SesErrors.operatorHint(e).ifPresent(hint -> LOG.error("SES cannot send confirmation emails error={} fix={}", SesErrors.code(e), hint));
            return SesErrors.permanent(e)
                    ? HttpResponses.message(502, "the email service refused to send the confirmation email ("
                            + SesErrors.code(e) + "); check the address, or contact support")
                    : HttpResponses.message(503, "the confirmation email could not be sent just now (" + SesErrors.code(e)
                            + "); the subscription is pending - try again in a minute");
        }
        store.put(pending);
        return subscription(202, Status.PENDING.wireName(),
                "a confirmation link was sent to the address; it is valid for 7 days");
    }

    /** 429 with {@code Retry-After}. */
    private static APIGatewayV2HTTPResponse tooSoon(long retryAfterSeconds, String message) {
        return HttpResponses.withHeader(HttpResponses.message(429, message), "retry-after", Long.toString(retryAfterSeconds));
    }

    /** {@code {"status": subscriptionStatus, "message": message}}. */
    private static APIGatewayV2HTTPResponse subscription(int status, String subscriptionStatus, String message) {
        ObjectNode body = Json.object();
        body.put("status", subscriptionStatus);
        body.put("message", message);
        return HttpResponses.json(status, body);
    }

    private static String newNonce() {
        // A SecureRandom per call, not one made at init: SnapStart would otherwise share its state between clones.
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
