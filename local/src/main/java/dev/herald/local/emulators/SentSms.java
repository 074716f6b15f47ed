package dev.herald.local.emulators;

import java.time.Instant;
import java.util.Map;

/**
 * A text the SMS emulator accepted.
 *
 * @param segments the segments the emulator counts for the body (GSM-7 or UCS-2 rules), as the service bills them
 * @param context  the {@code Context} key-value pairs of the request (Herald sends the delivery id and its own segment count)
 */
public record SentSms(String messageId, String destinationPhoneNumber, String originationIdentity, String configurationSetName,
                      String messageType, String messageBody, int segments, Map<String, String> context, Instant receivedAt) {
}
