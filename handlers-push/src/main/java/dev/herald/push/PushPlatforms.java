package dev.herald.push;

import dev.herald.common.config.EnvNames;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.aws.CachedSecret;
import dev.herald.common.config.ConfigException;
import dev.herald.common.store.DeviceTokenStore.DeviceToken;
import dev.herald.common.topology.HeraldTopology;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * APNs and FCM, built from their secrets on first use and rebuilt when a secret changes
 * ({@link CachedSecret}: nothing is read at init, so no key sits in a SnapStart snapshot, and a stored or
 * rotated key applies within minutes without a redeploy). A platform without a secret id, or whose secret
 * still holds the stack's placeholder or is malformed, refuses its devices with a reason saying what to store
 * where: its deliveries are rejected and the other platform keeps working. A secret that cannot be read at all
 * (missing, no permission, Secrets Manager down) fails the devices transiently, so the delivery is retried.
 * {@code secrets} reads a secret's JSON by id ({@code SecretReader::json} on Lambda).
 */
final class PushPlatforms {
    private static final Logger LOG = LoggerFactory.getLogger(PushPlatforms.class);

    private PushPlatforms() {
    }

    static PushPlatform apns(PushDeliveryConfig config, Function<String, JsonNode> secrets) {
        return apns(config, secrets, CachedSecret.DEFAULT_TTL, Clock.systemUTC());
    }

    static PushPlatform apns(PushDeliveryConfig config, Function<String, JsonNode> secrets, Duration ttl, Clock clock) {
        String id = config.apnsSecretId();
        if (id == null) {
            return unavailable("APNs is not configured: " + EnvNames.APNS_SECRET_ID + " is not set; set it to the APNs secret's id ("
                    + HeraldTopology.SECRET_APNS + ")");
        }
        String notConfigured = "APNs is not configured; store the key in secret '" + id
                + "' as {\"teamId\",\"keyId\",\"signingKey\" (the .p8 text),\"topic\",\"environment\":\"production|sandbox\"} ("
                + CachedSecret.DOCS + ")";
        return new SecretPlatform(new CachedSecret<>(id, secrets, secret -> {
            if (ApnsSettings.isEmpty(secret)) {
                return unavailable(notConfigured);
            }
            try {
                ApnsSender sender = ApnsSender.create(ApnsSettings.fromSecret(secret, id), config.apnsConnections(), config.maxInFlight());
                LOG.info("apns configured secretId={}", id);
                return sender;
            } catch (ConfigException e) {
                return unavailable("APNs is misconfigured: " + e.getMessage());
            }
        }, PushPlatform::close, ttl, clock), notConfigured);
    }

    static PushPlatform fcm(PushDeliveryConfig config, Function<String, JsonNode> secrets) {
        return fcm(config, secrets, CachedSecret.DEFAULT_TTL, Clock.systemUTC());
    }

    static PushPlatform fcm(PushDeliveryConfig config, Function<String, JsonNode> secrets, Duration ttl, Clock clock) {
        String id = config.fcmSecretId();
        if (id == null) {
            return unavailable("FCM is not configured: " + EnvNames.FCM_SECRET_ID + " is not set; set it to the FCM secret's id ("
                    + HeraldTopology.SECRET_FCM + ")");
        }
        String notConfigured = "FCM is not configured; store the Firebase service-account key in secret '" + id
                + "' as {\"projectId\",\"serviceAccount\":{...}} (" + CachedSecret.DOCS + ")";
        return new SecretPlatform(new CachedSecret<>(id, secrets, secret -> {
            if (FcmSettings.isEmpty(secret)) {
                return unavailable(notConfigured);
            }
            try {
                FcmSender sender = FcmSender.create(FcmSettings.fromSecret(secret, id));
                LOG.info("fcm configured secretId={}", id);
                return sender;
            } catch (ConfigException e) {
                return unavailable("FCM is misconfigured: " + e.getMessage());
            }
        }, PushPlatform::close, ttl, clock), notConfigured);
    }

    private static PushPlatform unavailable(String reason) {
        LOG.error("push platform unavailable; its deliveries will be rejected reason={}", reason);
        return PushPlatform.unavailable(reason);
    }

    /** The platform its secret currently describes. */
    private static final class SecretPlatform implements PushPlatform {
        private final CachedSecret<PushPlatform> platform;
        private final String notConfigured;

        SecretPlatform(CachedSecret<PushPlatform> platform, String notConfigured) {
            this.platform = platform;
            this.notConfigured = notConfigured;
        }

        @Override
        public CompletableFuture<List<TokenResult>> send(PushPayload payload, List<DeviceToken> devices) {
            return switch (platform.get()) {
                case CachedSecret.Ready<PushPlatform> ready -> ready.value().send(payload, devices);
                case CachedSecret.Unavailable<PushPlatform> u -> CompletableFuture.completedFuture(devices.stream()
                        .map(d -> switch (u.cause()) {
                            case NOT_STORED -> TokenResult.refused(d, notConfigured);
                            case INVALID -> TokenResult.refused(d, u.reason());
                            case UNREADABLE -> TokenResult.transientFailure(d, u.reason());
                        }).toList());
            };
        }

        @Override
        public void close() {
            platform.lastReady().ifPresent(PushPlatform::close);
        }
    }
}
