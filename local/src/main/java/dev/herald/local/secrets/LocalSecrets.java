package dev.herald.local.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.emulators.ApnsEmulator;
import dev.herald.local.emulators.ApnsKeys;
import dev.herald.local.emulators.FcmEmulator;
import dev.herald.local.gateway.LocalJwt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * The four secrets Herald's functions read, made for this machine and kept in the
 * {@link LocalSecretStore} (so tokens, links and keys stay valid across restarts):
 * <ul>
 *   <li>{@code herald/jwt} = {@code {"issuer","audience","hs256Secret"}} - generated once; {@link #jwt()}
 *       is the {@link LocalJwt} that mints the tokens the functions then verify;</li>
 *   <li>{@code herald/apns} = {@code {"teamId","keyId","signingKey","topic","host":"localhost:<port>","trustedServerCertificate"}}
 *       - the APNs emulator's, whose keys are kept in {@code apns-emulator.json} ({@link #apnsKeys(Path)});</li>
 *   <li>{@code herald/fcm} = {@code {"projectId","accessToken","rootUrl"}} - the FCM emulator on the edge port;</li>
 *   <li>{@code herald/email-tokens} = {@code {"hmacKey","baseUrl","from","configurationSet"}} - key generated once,
 *       {@code from} and {@code configurationSet} kept if a person changed them.</li>
 * </ul>
 * Endpoint fields follow the running ports: a secret whose value differs from what this run needs
 * gets a new version ({@code PutSecretValue}), one that matches is left alone.
 */
public final class LocalSecrets {
    public static final String JWT_ISSUER = "herald-local";
    public static final String JWT_AUDIENCE = "herald-api";
    public static final String EMAIL_FROM = "Herald <no-reply@example.com>";
    public static final String CONFIGURATION_SET = "herald";

    private final LocalSecretStore store;
    private final SecureRandom random = new SecureRandom();

    public LocalSecrets(LocalSecretStore store) {
        this.store = store;
    }

    /** {@code herald/jwt} (created on first use) as the token issuer the dashboard mints with; tokens live an hour. */
    public LocalJwt jwt() {
        JsonNode jwt = current(HeraldTopology.SECRET_JWT).orElseGet(() -> {
            ObjectNode value = Json.object();
            value.put("issuer", JWT_ISSUER).put("audience", JWT_AUDIENCE).put("hs256Secret", randomBase64(32));
            store.create(HeraldTopology.SECRET_JWT, Json.write(value));
            return value;
        });
        try {
            return new LocalJwt(Base64.getDecoder().decode(jwt.path("hs256Secret").asText()), jwt.path("issuer").asText(JWT_ISSUER),
                    jwt.path("audience").asText(JWT_AUDIENCE), Duration.ofHours(1));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the local secret " + HeraldTopology.SECRET_JWT + " has no usable hs256Secret (" + e.getMessage()
                    + "); put a base64 key of at least 32 bytes, or delete secrets.json in the data directory to generate one", e);
        }
    }

    /** The FCM access token kept in {@code herald/fcm}, or a new one for the first run. */
    public String fcmAccessToken() {
        return current(HeraldTopology.SECRET_FCM).map(v -> v.path("accessToken").asText("")).filter(t -> !t.isBlank())
                .orElseGet(() -> "local-" + randomBase64(24).replace('+', '-').replace('/', '_').replace("=", ""));
    }

    /** Writes {@code herald/apns}, {@code herald/fcm} and {@code herald/email-tokens} for this run's endpoints. */
    public void reconcile(URI edge, ApnsEmulator apns, FcmEmulator fcm) {
        ObjectNode apnsValue = Json.object();
        apnsValue.put("teamId", apns.teamId()).put("keyId", apns.keyId()).put("signingKey", apns.signingKeyPem())
                .put("topic", apns.topic()).put("host", apns.host() + ":" + apns.port())
                .put("trustedServerCertificate", apns.trustCertificatePem());
        upsert(HeraldTopology.SECRET_APNS, apnsValue);

        ObjectNode fcmValue = Json.object();
        fcmValue.put("projectId", fcm.projectId()).put("accessToken", fcm.accessToken()).put("rootUrl", edge.toString());
        upsert(HeraldTopology.SECRET_FCM, fcmValue);

        Optional<JsonNode> email = current(HeraldTopology.SECRET_EMAIL_TOKENS);
        ObjectNode emailValue = Json.object();
        emailValue.put("hmacKey", email.map(v -> v.path("hmacKey").asText("")).filter(k -> !k.isBlank()).orElseGet(() -> randomBase64(48)))
                .put("baseUrl", edge.toString())
                .put("from", email.map(v -> v.path("from").asText("")).filter(k -> !k.isBlank()).orElse(EMAIL_FROM))
                .put("configurationSet", email.map(v -> v.path("configurationSet").asText("")).filter(k -> !k.isBlank()).orElse(CONFIGURATION_SET));
        upsert(HeraldTopology.SECRET_EMAIL_TOKENS, emailValue);
    }

    /** The APNs emulator's keys from {@code file}, or new ones written there (owner-only) on the first run. */
    public static ApnsKeys apnsKeys(Path file) {
        if (Files.exists(file)) {
            try {
                return ApnsKeys.fromJson(Json.tree(Files.readString(file)));
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("cannot read the APNs emulator keys in " + file + ": " + e.getMessage()
                        + "; delete the file to generate new ones", e);
            }
        }
        ApnsKeys keys = ApnsKeys.generate();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, Json.write(keys.toJson()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the APNs emulator keys to " + file + "; check the data directory's permissions", e);
        }
        return keys;
    }

    private Optional<JsonNode> current(String name) {
        return store.find(name).map(s -> {
            try {
                return Json.tree(s.value());
            } catch (Json.JsonException e) {
                return Json.object();
            }
        });
    }

    private void upsert(String name, ObjectNode desired) {
        Optional<JsonNode> existing = current(name);
        if (existing.isEmpty()) {
            store.create(name, Json.write(desired));
        } else if (!existing.get().equals(desired)) {
            store.put(name, Json.write(desired));
        }
    }

    private String randomBase64(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }
}
