package dev.herald.email;

import java.time.Instant;
import java.util.List;

/**
 * What an SES bounce or complaint event (as EventBridge delivers it) means to Herald.
 * https://docs.aws.amazon.com/ses/latest/dg/event-publishing-retrieving-sns-contents.html
 *
 * @param kind       which feedback
 * @param feedbackId SES's feedback id, or null
 * @param at         when SES reported it
 * @param recipients the bounced or complaining addresses (as SES wrote them)
 * @param reason     a short description for the ledger, addresses removed
 * @param deliveryId the ledger row the email belonged to (its {@code deliveryId} tag, decoded), or null
 */
record SesFeedback(Kind kind, String feedbackId, Instant at, List<String> recipients, String reason, String deliveryId) {

    enum Kind {
        /** The address does not exist or refuses mail for good: suppress it. */
        PERMANENT_BOUNCE,
        /** Mailbox full, message too large, a temporary failure, or SES could not tell: do not suppress. */
        TRANSIENT_BOUNCE,
        /** The recipient marked the email as spam: suppress it. */
        COMPLAINT
    }

    /** The result of reading one SQS record. */
    sealed interface Parsed {
    }

    record Feedback(SesFeedback feedback) implements Parsed {
    }

    /** A well-formed SES event Herald does not act on (another event type). */
    record Ignored(String why) implements Parsed {
    }

    /** Not an SES bounce or complaint event at all; never gets better on retry. */
    record Malformed(String why) implements Parsed {
    }
}
