package dev.herald.sms;

import dev.herald.common.delivery.DeliveryOutcome;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ConflictException;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ConflictExceptionReason;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ValidationException;

/**
 * Sorts End User Messaging SMS {@code SendTextMessage} errors into outcomes
 * (https://docs.aws.amazon.com/pinpoint/latest/apireference_smsvoicev2/API_SendTextMessage.html#API_SendTextMessage_Errors):
 * <ul>
 *   <li>{@code ConflictException} with reason {@code DESTINATION_PHONE_NUMBER_OPTED_OUT}: the number is on the
 *       account's opt-out list (it replied STOP): skipped, with that reason in the ledger, never retried;</li>
 *   <li>{@code ValidationException} (400): this request can never succeed (a destination the service refuses, a
 *       body too long): rejected;</li>
 *   <li>everything else is retried (failed): {@code ThrottlingException}, {@code InternalServerException} and every
 *       5xx, SDK client errors (timeouts), and faults an operator can fix while the message waits in the queue
 *       ({@code AccessDeniedException}, {@code ResourceNotFoundException} for a missing configuration set or origination
 *       identity, {@code ServiceQuotaExceededException} for a spend limit, other {@code ConflictException}s) - rejecting
 *       those would throw away every text sent during a misconfiguration.</li>
 * </ul>
 */
final class SmsErrors {
    private SmsErrors() {
    }

    static DeliveryOutcome outcome(SdkException e) {
        String reason = describe(e);
        if (e instanceof ConflictException c && c.reason() == ConflictExceptionReason.DESTINATION_PHONE_NUMBER_OPTED_OUT) {
            return DeliveryOutcome.skipped("the phone number is on the account's SMS opt-out list (the recipient replied STOP; "
                    + c.reasonAsString() + "): " + reason);
        }
        if (e instanceof ValidationException) {
            return DeliveryOutcome.rejected(reason);
        }
        return DeliveryOutcome.failed(reason);
    }

    /** {@code SMS <code> (<status>): <message>} for service errors, the exception text for client errors. */
    static String describe(SdkException e) {
        if (e instanceof AwsServiceException s && s.awsErrorDetails() != null) {
            return "SMS " + code(e) + " (" + s.statusCode() + "): " + s.awsErrorDetails().errorMessage();
        }
        return "SMS call failed: " + e.getMessage();
    }

    /** The service's error code, or the client exception's class: safe to log. */
    static String code(SdkException e) {
        if (e instanceof AwsServiceException s && s.awsErrorDetails() != null && s.awsErrorDetails().errorCode() != null) {
            return s.awsErrorDetails().errorCode();
        }
        return e.getClass().getSimpleName();
    }
}
