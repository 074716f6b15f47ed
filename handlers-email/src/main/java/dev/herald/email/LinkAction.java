package dev.herald.email;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.herald.common.http.HttpRequests;
import dev.herald.common.http.HttpResponses;
import dev.herald.common.store.EmailSubscriptionStore;
import dev.herald.common.store.EmailSubscriptionStore.EmailSubscription;
import dev.herald.common.store.EmailSubscriptionStore.Status;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signed links: {@code GET /v1/subscriptions/email/confirm?token=} (pending -> confirmed) and
 * {@code GET|POST /v1/subscriptions/email/unsubscribe?token=} (-> unsubscribed; the POST is RFC 8058
 * one-click, body {@code List-Unsubscribe=One-Click}). No JWT: the signed token is the authority.
 * Success is a small HTML page (200; repeating a link is harmless and answers 200 again). Errors are
 * JSON {@code {"message": ...}}: 400 no, malformed or forged token (or a one-click POST without its body),
 * 410 expired token, or a token for an earlier address or a cancelled subscription, 404 no subscription.
 *
 * <p>The GET unsubscribe acts at once, as the link in the email body promises. RFC 8058 warns that
 * link scanners may fetch GET URLs; the headers Herald sends point mail clients at the POST.
 */
final class LinkAction {
    private static final Logger LOG = LoggerFactory.getLogger(LinkAction.class);
    static final String ONE_CLICK_BODY = "List-Unsubscribe=One-Click";

    private final EmailSubscriptionStore store;
    private final EmailTokens tokens;
    private final Clock clock;

    LinkAction(EmailSubscriptionStore store, EmailTokens tokens, Clock clock) {
        this.store = store;
        this.tokens = tokens;
        this.clock = clock;
    }

    APIGatewayV2HTTPResponse confirm(APIGatewayV2HTTPEvent event) {
        Found found = find(event, EmailTokens.Purpose.CONFIRM);
        if (found.error != null) {
            return found.error;
        }
        EmailSubscription sub = found.subscription;
        switch (sub.status()) {
            case CONFIRMED -> {
                return LinkPages.page(200, "Email address confirmed", "This address was already confirmed; it receives notifications.");
            }
            case UNSUBSCRIBED -> {
                return HttpResponses.message(410, "this subscription was cancelled after the link was sent; subscribe again to get a new link");
            }
            default -> {
                if (!store.transition(sub.userId(), sub.address(), sub.unsubscribeToken(), EnumSet.of(Status.PENDING), Status.CONFIRMED,
                        clock.instant())) {
                    return HttpResponses.message(409, "the subscription changed while it was being confirmed; open the link again");
                }
                LOG.info("subscription confirmed userId={}", sub.userId());
                return LinkPages.page(200, "Email address confirmed", "Thank you: this address now receives notifications.");
            }
        }
    }

    APIGatewayV2HTTPResponse unsubscribe(APIGatewayV2HTTPEvent event, boolean oneClickPost) {
        if (oneClickPost && !HttpRequests.body(event).toLowerCase(Locale.ROOT).contains(ONE_CLICK_BODY.toLowerCase(Locale.ROOT))) {
            return HttpResponses.message(400, "a one-click unsubscribe POST must carry the body '" + ONE_CLICK_BODY + "' (RFC 8058)");
        }
        Found found = find(event, EmailTokens.Purpose.UNSUBSCRIBE);
        if (found.error != null) {
            return found.error;
        }
        EmailSubscription sub = found.subscription;
        if (sub.status() != Status.UNSUBSCRIBED
                && !store.transition(sub.userId(), sub.address(), sub.unsubscribeToken(), EnumSet.of(Status.PENDING, Status.CONFIRMED),
                Status.UNSUBSCRIBED, clock.instant())) {
            return HttpResponses.message(409, "the subscription changed while unsubscribing; open the link again");
        }
        LOG.info("subscription unsubscribed userId={} oneClick={}", sub.userId(), oneClickPost);
        return LinkPages.page(200, "Unsubscribed", "This address will receive no more notifications.");
    }

    private record Found(EmailSubscription subscription, APIGatewayV2HTTPResponse error) {
    }

    private Found find(APIGatewayV2HTTPEvent event, EmailTokens.Purpose purpose) {
        String token = HttpRequests.query(event, "token");
        if (token == null) {
            return new Found(null, HttpResponses.message(400, "query parameter 'token' is required; open the whole link from the email"));
        }
        EmailTokens.Verification v = tokens.verify(token, purpose);
        String what = purpose == EmailTokens.Purpose.CONFIRM ? "confirmation" : "unsubscribe";
        if (v instanceof EmailTokens.Invalid invalid) {
            LOG.info("{} link refused reason={}", what, invalid.reason());
            return new Found(null, HttpResponses.message(400, "this " + what + " link is not valid: " + invalid.reason()));
        }
        if (v instanceof EmailTokens.Expired expired) {
            return new Found(null, HttpResponses.message(410, "this " + what + " link expired at " + expired.expiredAt()
                    + (purpose == EmailTokens.Purpose.CONFIRM ? "; subscribe again to get a new one"
                    : "; use the link in a newer email, or your account settings")));
        }
        EmailTokens.Claims claims = (EmailTokens.Claims) v;
        Optional<EmailSubscription> sub = store.find(claims.userId());
        if (sub.isEmpty()) {
            return new Found(null, HttpResponses.message(404, "no email subscription matches this link; it may have been deleted"));
        }
        if (!tokens.belongsTo(claims, sub.get().address(), sub.get().unsubscribeToken())) {
            return new Found(null, HttpResponses.message(410, "this " + what + " link belongs to an earlier subscription "
                    + "(the address has changed since it was sent); use the newest email"));
        }
        return new Found(sub.get(), null);
    }
}
