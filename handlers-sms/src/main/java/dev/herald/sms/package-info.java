/**
 * SMS: delivery through AWS End User Messaging SMS ({@code SendTextMessage}) and the phone number API.
 *
 * <h2>Functions (class names fixed by the Topology)</h2>
 * <ul>
 *   <li>{@link dev.herald.sms.SmsDeliveryHandler} ({@code herald-sms-delivery}, queue {@code herald-sms}): one text per
 *       channel message through {@code DeliveryProcessor}, with the configuration set and origination identity of the
 *       function's configuration. No registered number: {@code skipped}; opted-out number: {@code skipped} with the
 *       reason; a text over {@code HERALD_SMS_MAX_SEGMENTS} segments: {@code rejected} with its count (GSM-7 and UCS-2
 *       rules: {@code SmsSegments}); throttling and 5xx: retried. See {@code SmsErrors}.</li>
 *   <li>{@link dev.herald.sms.PhoneApiHandler} ({@code herald-phone-api}): {@code PUT|GET|DELETE /v1/me/phone}, the
 *       user's own number, validated with libphonenumber and stored in E.164 (table {@code herald-phone-numbers}).</li>
 * </ul>
 * Phone numbers and message bodies are never logged.
 */
package dev.herald.sms;
