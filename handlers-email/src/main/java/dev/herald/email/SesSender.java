package dev.herald.email;

import dev.herald.common.aws.CachedSecret;
import dev.herald.common.delivery.CircuitBreaker;
import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.delivery.DeliveryOutcome;
import dev.herald.common.delivery.DeliveryProcessor;
import dev.herald.common.delivery.RenderedContent;
import dev.herald.common.store.EmailSubscriptionStore;
import dev.herald.common.store.EmailSubscriptionStore.EmailSubscription;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Sends one claimed email delivery through SES v2. In order: the email settings secret must be usable (else
 * failed, naming the secret: it is read on first use and every few minutes, see {@link CachedSecret}), the user needs a confirmed subscription
 * (else skipped), its address must not be on the suppression list (else suppressed), the message needs
 * rendered email content (else rejected); then {@code SendEmail}, whose errors {@link SesErrors} sorts
 * into rejected and failed. The subscription and the suppression are read by {@link EmailRecipients} (in one
 * request once the user's address is known). Faults of the stores propagate, and {@link DeliveryProcessor} records them as
 * failed (retried). Addresses are never logged.
 */
final class SesSender implements DeliveryProcessor.Sender {
    private static final Logger LOG = LoggerFactory.getLogger(SesSender.class);

    private final SesV2Client ses;
    private final EmailRecipients recipients;
    private final CachedSecret<EmailSettings> settings;
    private final CircuitBreaker breaker;

    /** With the default SES circuit breaker ({@link CircuitBreaker#DEFAULTS}) on the system clock. */
    SesSender(SesV2Client ses, EmailRecipients recipients, CachedSecret<EmailSettings> settings) {
        this(ses, recipients, settings, new CircuitBreaker("SES", CircuitBreaker.DEFAULTS, java.time.Clock.systemUTC()));
    }

    /** @param breaker stops calling SES while it keeps failing transiently (this function instance's) */
    SesSender(SesV2Client ses, EmailRecipients recipients, CachedSecret<EmailSettings> settings, CircuitBreaker breaker) {
        this.ses = ses;
        this.recipients = recipients;
        this.settings = settings;
        this.breaker = breaker;
    }

    @Override
    public DeliveryOutcome send(ChannelMessage m) {
        EmailSettings current;
        switch (settings.get()) {
            case CachedSecret.Ready<EmailSettings> ready -> current = ready.value();
            case CachedSecret.Unavailable<EmailSettings> u -> {
                // failed, not rejected: SQS retries it, and once the secret is stored a redrive of the DLQ delivers it
                return DeliveryOutcome.failed("email is not configured: " + u.reason());
            }
        }
        SesMessages messages = new SesMessages(current);
        Links links = new Links(current);
        EmailRecipients.Found recipient = recipients.find(m.userId());
        Optional<EmailSubscription> found = recipient.subscription();
        if (found.isEmpty() || found.get().status() != EmailSubscriptionStore.Status.CONFIRMED) {
            return DeliveryOutcome.skipped("no confirmed email subscription");
        }
        EmailSubscription sub = found.get();
        Optional<String> badAddress = EmailAddresses.problem(sub.address());
        if (badAddress.isPresent()) {
            return DeliveryOutcome.rejected("the stored subscription address is invalid: " + badAddress.get()
                    + "; the user must subscribe again");
        }
        var suppression = recipients.suppression(recipient);
        if (suppression.isPresent()) {
            return DeliveryOutcome.suppressed("address is on the suppression list (" + suppression.get().reason().wireName()
                    + (suppression.get().at() == null ? "" : " at " + suppression.get().at()) + ")");
        }
        RenderedContent c = m.content();
        if (c == null || (isBlank(c.html()) && isBlank(c.text()))) {
            return DeliveryOutcome.rejected("no rendered email content; the route must name a template");
        }
        if (isBlank(c.subject())) {
            return DeliveryOutcome.rejected("rendered email content has no subject; give the route's email template a subject");
        }
        if (!breaker.tryAcquire()) {
            return DeliveryOutcome.failed(breaker.openReason());
        }
        try {
            String messageId = ses.sendEmail(messages.notification(m, sub.address(), links.unsubscribe(sub))).messageId();
            breaker.onSuccess();
            LOG.info("email sent deliveryId={} sesMessageId={} traceId={}", m.deliveryId(), messageId, m.traceId());
            return DeliveryOutcome.delivered();
        } catch (SdkException e) {
            DeliveryOutcome outcome = SesErrors.outcome(e);
            if (outcome instanceof DeliveryOutcome.Failed) {
                breaker.onFailure();
            } else {
                breaker.onSuccess();
            }
            Optional<String> hint = SesErrors.operatorHint(e);
            if (hint.isPresent()) {
                LOG.error("SES cannot send any email deliveryId={} error={} fix={}", m.deliveryId(), SesErrors.code(e), hint.get());
            } else if (outcome instanceof DeliveryOutcome.Rejected) {
                LOG.warn("SES refused email permanently deliveryId={} error={}", m.deliveryId(), SesErrors.code(e));
            } else {
                LOG.warn("SES send failed, will retry deliveryId={} error={}", m.deliveryId(), SesErrors.code(e));
            }
            return outcome;
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
