/**
 * Email: delivery through SES v2, the subscription API, and the SES feedback handler.
 *
 * <h2>Functions (class names fixed by the Topology)</h2>
 * <ul>
 *   <li>{@link dev.herald.email.EmailDeliveryHandler} ({@code herald-email-delivery}, queue {@code herald-email}):
 *       one email per channel message through {@code DeliveryProcessor}. Needs a {@code confirmed}
 *       subscription (else {@code skipped}, "no confirmed email subscription"); a suppressed address is
 *       {@code suppressed} and nothing is sent; content must be rendered (else {@code rejected}, "no rendered
 *       email content; the route must name a template"). Sends {@code Content.Simple} with HTML and text
 *       bodies, the configuration set, tags {@code notificationId}/{@code deliveryId} (encoded to SES's
 *       {@code [A-Za-z0-9_-]}, reversibly: see {@code SesTags}) and RFC 8058 one-click unsubscribe headers.
 *       Subject and header values are made single-line ({@code HeaderText}): CR/LF from event data cannot
 *       start a header. Which SES errors are permanent and which are retried: see {@code SesErrors}.</li>
 *   <li>{@link dev.herald.email.SubscriptionHandler} ({@code herald-subscriptions-api}, HTTP API payload 2.0):
 *       {@code POST /v1/subscriptions/email} {@code {"address": "..."}} (JWT; 202 pending + confirmation
 *       email), {@code GET /v1/subscriptions/email/confirm?token=} (200 HTML page),
 *       {@code GET|POST /v1/subscriptions/email/unsubscribe?token=} (RFC 8058 one-click POST with body
 *       {@code List-Unsubscribe=One-Click}). Errors are JSON {@code {"message": ...}}: 400 malformed body,
 *       address or token, 401 bad JWT, 404 unknown subscription, 410 expired token or a link of an earlier
 *       address, 429 a confirmation sent for the same user (to any address) less than a minute ago, 503 SES or DynamoDB unavailable.</li>
 *   <li>{@link dev.herald.email.SesFeedbackHandler} ({@code herald-ses-feedback}, queue {@code herald-ses-feedback}):
 *       permanent bounces and complaints suppress the addresses and update the ledger row named by the
 *       {@code deliveryId} tag ({@code rejected} for a bounce, {@code suppressed} for a complaint);
 *       transient bounces are logged only; malformed records are logged at ERROR with their messageId and
 *       not retried; DynamoDB faults are retried.</li>
 * </ul>
 *
 * <h2>The email secret ({@code HERALD_EMAIL_TOKEN_SECRET_ID}, {@code herald/email-tokens})</h2>
 * <pre>{@code
 * {
 *   "hmacKey": "<base64 of at least 32 random bytes, e.g. `openssl rand -base64 48`>",
 *   "baseUrl": "https://api.example.com",
 *   "from": "notifications@example.com",
 *   "configurationSet": "herald"
 * }
 * }</pre>
 * {@code hmacKey} signs confirmation and unsubscribe links (HMAC-SHA256; rotating it voids every link
 * sent); {@code baseUrl} is the HTTP API's URL (https; http only on localhost); {@code from} a verified SES
 * sender; {@code configurationSet} optional. Details: {@code EmailSettings}. The subscriptions API also
 * reads the JWT secret ({@code HERALD_JWT_SECRET_ID}; see {@code dev.herald.common.auth.JwtVerifier}).
 *
 * <h2>Links</h2>
 * A link token is {@code v1.<payload>.<HMAC>} (base64url) binding purpose, user id, expiry (confirm 7 days,
 * unsubscribe 365 days) and a keyed fingerprint of the address and the subscription's link nonce (its
 * {@code unsubscribeToken} attribute), so no address appears in a URL or access log, and a link stops
 * working when the address changes. Comparisons are constant-time. See {@code EmailTokens}.
 *
 * <p>Addresses are never logged: logs carry user ids, delivery ids and SES message ids.
 */
package dev.herald.email;
