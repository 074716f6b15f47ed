package dev.herald.push;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.config.ConfigException;
import dev.herald.common.topology.HeraldTopology;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds APNs and FCM from their secrets at init. A platform without a secret id, or whose secret
 * still holds the stack's placeholder or is malformed, becomes {@link PushPlatform#unavailable}: its
 * deliveries are rejected with a reason saying what to store where, and the other platform keeps
 * working. A secret that cannot be read at all (missing, no permission, Secrets Manager down) fails
 * init with the {@link ConfigException}: Lambda retries the batch and the error is loud.
 * {@code secrets} reads a secret's JSON by id ({@code SecretReader::json} on Lambda).
 */
final class PushPlatforms {
    private static final Logger LOG = LoggerFactory.getLogger(PushPlatforms.class);

    private PushPlatforms() {
    }

    static PushPlatform apns(PushConfig config, Function<String, JsonNode> secrets) {
        String id = config.apnsSecretId();
        if (id == null) {
            return unavailable("APNs is not configured: " + HeraldTopology.ENV_APNS_SECRET_ID + " is not set; set it to the APNs secret's id ("
                    + HeraldTopology.SECRET_APNS + ")");
        }
        JsonNode secret = secrets.apply(id);
        if (ApnsSettings.isEmpty(secret)) {
            return unavailable("APNs is not configured; store the key in secret '" + id
                    + "' as {\"teamId\",\"keyId\",\"signingKey\" (the .p8 text),\"topic\",\"environment\":\"production|sandbox\"}");
        }
        try {
            ApnsSender sender = ApnsSender.create(ApnsSettings.fromSecret(secret, id), config.apnsConnections(), config.maxInFlight());
            LOG.info("apns configured secretId={}", id);
            return sender;
        } catch (ConfigException e) {
            return unavailable("APNs is misconfigured: " + e.getMessage());
        }
    }

    static PushPlatform fcm(PushConfig config, Function<String, JsonNode> secrets) {
        String id = config.fcmSecretId();
        if (id == null) {
            return unavailable("FCM is not configured: " + HeraldTopology.ENV_FCM_SECRET_ID + " is not set; set it to the FCM secret's id ("
                    + HeraldTopology.SECRET_FCM + ")");
        }
        JsonNode secret = secrets.apply(id);
        if (FcmSettings.isEmpty(secret)) {
            return unavailable("FCM is not configured; store the Firebase service-account key in secret '" + id
                    + "' as {\"projectId\",\"serviceAccount\":{...}}");
        }
        try {
            FcmSender sender = FcmSender.create(FcmSettings.fromSecret(secret, id));
            LOG.info("fcm configured secretId={}", id);
            return sender;
        } catch (ConfigException e) {
            return unavailable("FCM is misconfigured: " + e.getMessage());
        }
    }

    private static PushPlatform unavailable(String reason) {
        LOG.error("push platform unavailable; its deliveries will be rejected reason={}", reason);
        return PushPlatform.unavailable(reason);
    }
}
