/**
 * Push delivery (APNs via Pushy, FCM via firebase-admin) and device registration.
 *
 * <p>Entry points (named by the Topology): {@link dev.herald.push.PushDeliveryHandler} (SQS queue
 * {@code herald-push}: claim, push to every device of the recipient, record; dead tokens are removed)
 * and {@link dev.herald.push.DeviceRegistrationHandler} (HTTP API {@code PUT /v1/devices},
 * {@code DELETE /v1/devices/{token}}, JWT-verified). Everything else is package-private:
 * {@code PushSender} (fan-out to a user's devices), {@code ApnsSender} / {@code FcmSender} (one push
 * service each), {@code ApnsResponses} / {@code FcmErrors} (what an answer means for the token),
 * {@code PushOutcomes} (per-device answers to one delivery outcome), {@code DeviceApi} and
 * {@code DeviceRequests} (the registration API). Secret shapes: {@code ApnsSettings}, {@code FcmSettings}.
 */
package dev.herald.push;
