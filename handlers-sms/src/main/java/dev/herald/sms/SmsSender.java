package dev.herald.sms;

import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.delivery.CircuitBreaker;
import dev.herald.common.delivery.DeliveryOutcome;
import dev.herald.common.delivery.DeliveryProcessor;
import dev.herald.common.delivery.RenderedContent;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.MessageType;

/**
 * Sends one claimed SMS delivery through End User Messaging SMS {@code SendTextMessage}. In order: the user needs a
 * registered phone number (else skipped), the message needs rendered text (else rejected), the text may take at most
 * the configured number of segments (else rejected, naming its count: {@link SmsSegments}); then the send, with the
 * configured configuration set and origination identity, as a transactional message whose {@code Context} carries
 * the delivery id and the segment count (they reach the configuration set's event destinations). Errors are sorted by
 * {@link SmsErrors}: an opted-out number is skipped with the reason, throttling and 5xx are retried. Faults of the
 * phone table propagate and {@link DeliveryProcessor} records them as failed (retried). Numbers and bodies are never
 * logged.
 */
final class SmsSender implements DeliveryProcessor.Sender {
    private static final Logger LOG = LoggerFactory.getLogger(SmsSender.class);

    private final PinpointSmsVoiceV2Client sms;
    private final PhoneNumberStore phones;
    private final SmsDeliveryConfig config;
    private final CircuitBreaker breaker;

    SmsSender(PinpointSmsVoiceV2Client sms, PhoneNumberStore phones, SmsDeliveryConfig config, CircuitBreaker breaker) {
        this.sms = sms;
        this.phones = phones;
        this.config = config;
        this.breaker = breaker;
    }

    @Override
    public DeliveryOutcome send(ChannelMessage m) {
        Optional<PhoneNumberStore.Phone> phone = phones.find(m.userId());
        if (phone.isEmpty()) {
            return DeliveryOutcome.skipped("no phone number registered; the user registers one with PUT /v1/me/phone");
        }
        RenderedContent c = m.content();
        if (c == null || c.text() == null || c.text().isBlank()) {
            return DeliveryOutcome.rejected("no rendered SMS text; the route must name a template with a body");
        }
        String text = c.text();
        SmsSegments segments = SmsSegments.of(text);
        if (segments.count() > config.maxSegments()) {
            return DeliveryOutcome.rejected("the text takes " + segments.count() + " SMS segments (" + segments.encoding() + ", "
                    + text.length() + " characters), more than the limit of " + config.maxSegments() + " (" + SmsDeliveryConfig.MAX_SEGMENTS
                    + "); shorten the template's body or raise the limit");
        }
        if (!breaker.tryAcquire()) {
            return DeliveryOutcome.failed(breaker.openReason());
        }
        try {
            String messageId = sms.sendTextMessage(r -> r
                    .destinationPhoneNumber(phone.get().phoneNumber())
                    .originationIdentity(blankToNull(config.originationIdentity()))
                    .configurationSetName(blankToNull(config.configurationSet()))
                    .messageType(MessageType.TRANSACTIONAL)
                    .messageBody(text)
                    .context(Map.of("deliveryId", m.deliveryId(), "segments", Integer.toString(segments.count())))).messageId();
            breaker.onSuccess();
            LOG.info("sms sent deliveryId={} smsMessageId={} segments={} encoding={} traceId={}", m.deliveryId(), messageId,
                    segments.count(), segments.encoding(), m.traceId());
            return DeliveryOutcome.delivered();
        } catch (SdkException e) {
            DeliveryOutcome outcome = SmsErrors.outcome(e);
            if (outcome instanceof DeliveryOutcome.Failed) {
                breaker.onFailure();
                LOG.warn("sms send failed, will retry deliveryId={} error={}", m.deliveryId(), SmsErrors.code(e));
            } else {
                breaker.onSuccess();
                LOG.warn("sms not sent deliveryId={} error={}", m.deliveryId(), SmsErrors.code(e));
            }
            return outcome;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
