package dev.herald.sms;

import dev.herald.common.config.ConfigException;
import dev.herald.common.config.EnvNames;
import dev.herald.common.config.Environment;
import dev.herald.common.delivery.DeliveryProcessor;

/**
 * Configuration of the SMS delivery function, read once at init.
 *
 * @param phoneNumbersTable   the PhoneNumbers table
 * @param deliveriesTable     the ledger
 * @param queueUrl            the SMS queue (quiet-hours deferrals go back to it)
 * @param configurationSet    the End User Messaging configuration set ({@code HERALD_SMS_CONFIGURATION_SET}, name or ARN;
 *                            blank: none)
 * @param originationIdentity the phone number, sender id or pool texts come from ({@code HERALD_SMS_ORIGINATION_IDENTITY};
 *                            blank: the service picks one of the account's, which the function's role may not be allowed
 *                            to use - docs/DEPLOY.md)
 * @param maxSegments         the most segments one text may take ({@code HERALD_SMS_MAX_SEGMENTS}, default 3, 1 to 10)
 * @param parallelism         records of a batch delivered at once ({@code HERALD_DELIVERY_PARALLELISM}, default 10)
 * @throws ConfigException when a variable is missing, or the segment limit is out of range
 */
record SmsDeliveryConfig(String phoneNumbersTable, String deliveriesTable, String queueUrl, String configurationSet,
                         String originationIdentity, int maxSegments, int parallelism) {
    static final String MAX_SEGMENTS = EnvNames.SMS_MAX_SEGMENTS;
    static final int DEFAULT_MAX_SEGMENTS = 3;
    /** End User Messaging splits a text into at most 10 segments (1,600 GSM-7 characters). */
    static final int LIMIT_MAX_SEGMENTS = 10;

    SmsDeliveryConfig {
        if (maxSegments < 1 || maxSegments > LIMIT_MAX_SEGMENTS) {
            throw new ConfigException(MAX_SEGMENTS + " must be between 1 and " + LIMIT_MAX_SEGMENTS + ", was " + maxSegments);
        }
    }

    static SmsDeliveryConfig fromEnvironment(Environment env) {
        return new SmsDeliveryConfig(
                env.required(EnvNames.TABLE_PHONE_NUMBERS),
                env.required(EnvNames.TABLE_DELIVERIES),
                env.required(EnvNames.QUEUE_URL_SMS),
                env.get(EnvNames.SMS_CONFIGURATION_SET, ""),
                env.get(EnvNames.SMS_ORIGINATION_IDENTITY, ""),
                env.integer(MAX_SEGMENTS, DEFAULT_MAX_SEGMENTS),
                DeliveryProcessor.parallelism(env));
    }
}
