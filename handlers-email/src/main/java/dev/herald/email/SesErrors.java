package dev.herald.email;

import dev.herald.common.delivery.DeliveryOutcome;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sesv2.model.AccountSuspendedException;
import software.amazon.awssdk.services.sesv2.model.BadRequestException;
import software.amazon.awssdk.services.sesv2.model.MailFromDomainNotVerifiedException;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;
import software.amazon.awssdk.services.sesv2.model.NotFoundException;
import software.amazon.awssdk.services.sesv2.model.SendingPausedException;

/**
 * Sorts SES {@code SendEmail} errors into permanent and transient
 * (https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SendEmail.html#API_SendEmail_Errors).
 *
 * <p>Permanent ({@link DeliveryOutcome.Rejected}, never retried) - errors about this message, or an
 * account that SES says is restricted for good:
 * <ul>
 *   <li>{@code MessageRejected} (400): SES refuses this message (content, or - in the sandbox - an
 *       unverified recipient); the same request will be refused again;</li>
 *   <li>{@code BadRequestException} (400): the request is invalid (e.g. a header SES does not accept);</li>
 *   <li>{@code AccountSuspendedException}: "the account's ability to send email has been permanently restricted".</li>
 * </ul>
 * <p>Transient ({@link DeliveryOutcome.Failed}, retried by SQS, then dead-lettered where it can be
 * redriven) - everything else: {@code TooManyRequestsException} (429) and every 5xx; SDK client errors
 * (timeouts, connection failures); and configuration faults an operator can fix while the message waits
 * ({@code MailFromDomainNotVerifiedException}, {@code SendingPausedException}, {@code LimitExceededException},
 * {@code NotFoundException} for a missing configuration set, 403 access denied). Rejecting those would throw
 * away every email sent during a misconfiguration; failing them keeps the emails in the DLQ until it is fixed.
 */
final class SesErrors {
    private SesErrors() {
    }

    static boolean permanent(SdkException e) {
        return e instanceof MessageRejectedException || e instanceof BadRequestException || e instanceof AccountSuspendedException;
    }

    /** The outcome of a send that threw {@code e}; the reason names SES's error code and message. */
    static DeliveryOutcome outcome(SdkException e) {
        String reason = describe(e);
        return permanent(e) ? DeliveryOutcome.rejected(reason) : DeliveryOutcome.failed(reason);
    }

    /**
     * {@code SES <code> (<status>): <message>} for service errors, the exception text for client errors.
     * Email addresses in SES's message (MessageRejected names the refused identity) are replaced by
     * {@code <address>}: the reason goes to the ledger and must not spread addresses.
     */
    static String describe(SdkException e) {
        String text = e instanceof AwsServiceException s && s.awsErrorDetails() != null
                ? "SES " + code(e) + " (" + s.statusCode() + "): " + s.awsErrorDetails().errorMessage()
                : "SES call failed: " + e.getMessage();
        return Redact.addresses(text);
    }

    /**
     * What an operator must fix when {@code e} is a fault of the account or configuration rather than of
     * the message, or empty. Such faults are logged at ERROR: every email fails until they are fixed.
     */
    static Optional<String> operatorHint(SdkException e) {
        if (e instanceof MailFromDomainNotVerifiedException) {
            return Optional.of("the sending domain's custom MAIL FROM domain is not verified: fix its MX/SPF records in SES, then redrive the DLQ");
        }
        if (e instanceof SendingPausedException) {
            return Optional.of("sending is paused for the SES account or configuration set: re-enable it, then redrive the DLQ");
        }
        if (e instanceof AccountSuspendedException) {
            return Optional.of("the SES account's sending is permanently restricted: contact AWS Support");
        }
        if (e instanceof NotFoundException) {
            return Optional.of("SES does not know the configuration set or identity: check \"configurationSet\" and \"from\" in the email secret");
        }
        if (e instanceof AwsServiceException s && s.statusCode() == 403) {
            return Optional.of("this function may not send: grant ses:SendEmail on the sending identity and configuration set");
        }
        return Optional.empty();
    }

    /** SES's error code ({@code TooManyRequestsException}, ...) or the client exception's class: safe to log. */
    static String code(SdkException e) {
        if (e instanceof AwsServiceException s && s.awsErrorDetails() != null && s.awsErrorDetails().errorCode() != null) {
            return s.awsErrorDetails().errorCode();
        }
        return e.getClass().getSimpleName();
    }

}
