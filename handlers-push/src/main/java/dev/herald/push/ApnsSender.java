package dev.herald.push;

import com.eatthepath.pushy.apns.ApnsClient;
import com.eatthepath.pushy.apns.ApnsClientBuilder;
import com.eatthepath.pushy.apns.DeliveryPriority;
import com.eatthepath.pushy.apns.PushNotificationResponse;
import com.eatthepath.pushy.apns.PushType;
import com.eatthepath.pushy.apns.auth.ApnsSigningKey;
import com.eatthepath.pushy.apns.util.SimpleApnsPushNotification;
import dev.herald.common.config.ConfigException;
import dev.herald.common.store.DeviceTokenStore.DeviceToken;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * APNs through Pushy's {@link ApnsClient} with token-based authentication (a .p8 signing key; Pushy
 * mints and refreshes the provider JWT). Sends are asynchronous over HTTP/2; a semaphore bounds the
 * streams in flight so a burst waits here instead of overrunning the connections' stream limits.
 * The topic is the token's {@code app}, else the secret's default topic. Answers are classified by
 * {@link ApnsResponses}; a connection failure is transient.
 */
final class ApnsSender implements PushPlatform {
    private static final Logger LOG = LoggerFactory.getLogger(ApnsSender.class);
    /** How long APNs keeps trying to reach an offline device. */
    static final Duration EXPIRATION = Duration.ofDays(1);
    private static final Duration PERMIT_WAIT = Duration.ofSeconds(5);

    private final ApnsClient client;
    private final String defaultTopic;
    private final Semaphore inFlight;
    private final int maxInFlight;
    private final Duration permitWait;
    private final Clock clock;

    /** @param permitWait how long a send waits for one of the {@code maxInFlight} permits before it fails transiently */
    ApnsSender(ApnsClient client, String defaultTopic, int maxInFlight, Duration permitWait, Clock clock) {
        this.client = client;
        this.defaultTopic = defaultTopic;
        this.inFlight = new Semaphore(maxInFlight);
        this.maxInFlight = maxInFlight;
        this.permitWait = permitWait;
        this.clock = clock;
    }

    /** Builds the client; no connection is opened until the first send. */
    static ApnsSender create(ApnsSettings settings, int connections, int maxInFlight) {
        return create(settings, connections, maxInFlight, PERMIT_WAIT);
    }

    /** As {@link #create(ApnsSettings, int, int)}, waiting at most {@code permitWait} for a stream permit. */
    static ApnsSender create(ApnsSettings settings, int connections, int maxInFlight, Duration permitWait) {
        try {
            ApnsSigningKey key = ApnsSigningKey.loadFromInputStream(
                    new ByteArrayInputStream(settings.signingKeyPem().getBytes(StandardCharsets.US_ASCII)), settings.teamId(), settings.keyId());
            ApnsClientBuilder builder = new ApnsClientBuilder()
                    .setApnsServer(settings.host(), settings.port())
                    .setSigningKey(key)
                    .setConcurrentConnections(connections)
                    .setConnectionTimeout(Duration.ofSeconds(5));
            if (settings.trustedCertificatePem() != null) {
                builder.setTrustedServerCertificateChain((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                        new ByteArrayInputStream(settings.trustedCertificatePem().getBytes(StandardCharsets.US_ASCII))));
            }
            return new ApnsSender(builder.build(), settings.defaultTopic(), maxInFlight, permitWait, Clock.systemUTC());
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new ConfigException("cannot build the APNs client: " + e.getMessage()
                    + "; signingKey must be the PEM text of the .p8 file, trustedServerCertificate a PEM certificate", e);
        }
    }

    @Override
    public CompletableFuture<List<TokenResult>> send(PushPayload payload, List<DeviceToken> devices) {
        String json = ApnsPayloads.json(payload);
        int size = json.getBytes(StandardCharsets.UTF_8).length;
        List<CompletableFuture<TokenResult>> results = new ArrayList<>();
        for (DeviceToken device : devices) {
            String topic = device.app() != null ? device.app() : defaultTopic;
            if (size > ApnsPayloads.MAX_BYTES) {
                results.add(CompletableFuture.completedFuture(TokenResult.refused(device, "APNs payload is " + size
                        + " bytes, over Apple's " + ApnsPayloads.MAX_BYTES + "; shorten the push template or the event's data")));
            } else if (topic == null) {
                results.add(CompletableFuture.completedFuture(TokenResult.refused(device,
                        "no APNs topic: the device was registered without app and the APNs secret has no topic; add one")));
            } else {
                results.add(sendOne(device, topic, json, payload));
            }
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .thenApply(v -> results.stream().map(CompletableFuture::join).toList());
    }

    private CompletableFuture<TokenResult> sendOne(DeviceToken device, String topic, String json, PushPayload payload) {
        try {
            if (!inFlight.tryAcquire(permitWait.toMillis(), TimeUnit.MILLISECONDS)) {
                return CompletableFuture.completedFuture(TokenResult.transientFailure(device, "APNs: too many sends in flight (all "
                        + maxInFlight + " streams busy for " + permitWait.toMillis() + " ms)"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.completedFuture(TokenResult.transientFailure(device, "APNs send interrupted"));
        }
        // apns-id and apns-collapse-id from the delivery id: a resend of this delivery replaces the
        // first copy on the device instead of showing a second one.
        SimpleApnsPushNotification notification = new SimpleApnsPushNotification(device.token(), topic, json,
                clock.instant().plus(EXPIRATION), payload.urgent() ? DeliveryPriority.IMMEDIATE : DeliveryPriority.CONSERVE_POWER,
                PushType.ALERT, payload.collapseId().toString(), payload.collapseId());
        CompletableFuture<TokenResult> result = new CompletableFuture<>();
        try {
            client.sendNotification(notification).whenComplete((response, error) -> {
                inFlight.release();
                result.complete(error != null ? connectionFailure(device, error) : classify(device, response));
            });
        } catch (RuntimeException e) {
            inFlight.release();
            result.complete(connectionFailure(device, e));
        }
        return result;
    }

    private static TokenResult classify(DeviceToken device, PushNotificationResponse<SimpleApnsPushNotification> response) {
        int status = response.isAccepted() ? 200 : response.getStatusCode();
        return ApnsResponses.classify(device, status, response.getRejectionReason().orElse(null),
                response.getTokenInvalidationTimestamp().orElse(null));
    }

    private static TokenResult connectionFailure(DeviceToken device, Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
        LOG.warn("apns send failed error={}", cause.toString());
        return TokenResult.transientFailure(device, "APNs unreachable: " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : " " + cause.getMessage()));
    }

    @Override
    public void close() {
        try {
            client.close().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("apns client did not close cleanly error={}", e.toString());
        }
    }
}
