package dev.herald.local.emulators;

import com.eatthepath.pushy.apns.server.MockApnsServer;
import com.eatthepath.pushy.apns.server.MockApnsServerBuilder;
import com.eatthepath.pushy.apns.server.PushNotificationHandler;
import com.eatthepath.pushy.apns.server.RejectedNotificationException;
import com.eatthepath.pushy.apns.server.RejectionReason;
import com.eatthepath.pushy.apns.server.UnregisteredDeviceTokenException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http2.Http2Headers;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * APNs on this machine: Pushy's {@link MockApnsServer} over TLS (HTTP/2) with a self-signed
 * certificate for {@code localhost}, accepting token-authenticated notifications: the provider token
 * must be an ES256 JWT signed with {@link #signingKeyPem()} for {@link #keyId()} and {@link #teamId()}
 * (checked once per token, as Apple does), else 403 {@code InvalidProviderToken} / {@code MissingProviderToken}.
 * Each notification is recorded ({@link #received()}), newest {@code capacity} kept.
 * <p>Tests make it refuse a token with {@link #rejectToken(String)} (400 {@code BadDeviceToken}) or
 * {@link #unregisterToken(String)} (410 {@code Unregistered}), and fail it transiently with
 * {@link #faults()} (500 {@code InternalServerError}, 429 {@code TooManyRequests} or 503
 * {@code ServiceUnavailable} for the next N notifications to a token; off by default).
 * <p>A Pushy {@code ApnsClient} reaches it with {@code setApnsServer(host(), port())},
 * {@code setTrustedServerCertificateChain(trustCertificate())} and a signing key made from
 * {@link #signingKeyPem()}, {@link #teamId()} and {@link #keyId()}; {@link #secretJson()} is all of
 * that as the push handler's Secrets Manager secret. {@link #start()} binds; {@link #close()} stops.
 */
public final class ApnsEmulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApnsEmulator.class);
    public static final String DEFAULT_TOPIC = "com.example.shop";

    private final int requestedPort;
    private final String topic;
    private final BoundedLog<ApnsNotification> received;
    private final Map<String, RejectionReason> rejectedTokens = new ConcurrentHashMap<>();
    private final Map<String, Instant> unregisteredTokens = new ConcurrentHashMap<>();
    private final ApnsKeys keys;
    private final X509Certificate certificate;
    private final ProviderTokens providerTokens;
    private final FaultPlan<Integer> faults = new FaultPlan<>();
    private MockApnsServer server;
    private io.netty.channel.EventLoopGroup eventLoops;
    private int port;

    /**
     * @param port     port to bind, 0 for a free one
     * @param topic    the app's bundle id the push handler is configured with (e.g. {@link #DEFAULT_TOPIC})
     * @param capacity how many notifications to keep
     * @param keys     its TLS certificate and provider-token signing key ({@link ApnsKeys#generate()} for new ones)
     */
    public ApnsEmulator(int port, String topic, int capacity, ApnsKeys keys) {
        this.requestedPort = port;
        this.topic = topic;
        this.received = new BoundedLog<>(capacity);
        this.keys = keys;
        this.certificate = keys.certificate();
        this.providerTokens = new ProviderTokens(keys.signingPublicKey(), keys.teamId(), keys.keyId());
    }

    public ApnsEmulator(int port, String topic, int capacity) {
        this(port, topic, capacity, ApnsKeys.generate());
    }

    public ApnsEmulator(int port) {
        this(port, DEFAULT_TOPIC, 1000);
    }

    /** Starts the TLS server; blocks until it is bound. */
    public synchronized ApnsEmulator start() {
        if (server != null) {
            return this;
        }
        try {
            // an event loop of its own, so close() can skip Netty's default 2-second quiet period
            eventLoops = new io.netty.channel.nio.NioEventLoopGroup(1);
            server = new MockApnsServerBuilder()
                    .setEventLoopGroup(eventLoops)
                    .setServerCredentials(new X509Certificate[] {certificate}, keys.privateKey(), null)
                    .setHandlerFactory(session -> this::handle)
                    .build();
            port = (Integer) server.start(requestedPort).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the APNs emulator on port " + requestedPort + ": " + e.getMessage(), e);
        }
        LOG.info("apns emulator started host={} port={}", host(), port);
        return this;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            try {
                server.shutdown().get(10, TimeUnit.SECONDS);
                eventLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("apns emulator did not shut down cleanly error={}", e.toString());
            }
            server = null;
        }
    }

    public String host() {
        return "localhost";
    }

    public int port() {
        return port;
    }

    public String topic() {
        return topic;
    }

    /** The self-signed server certificate a client must trust. */
    public X509Certificate trustCertificate() {
        return certificate;
    }

    /** {@link #trustCertificate()} as PEM. */
    public String trustCertificatePem() {
        return keys.certificatePem();
    }

    /** A freshly generated EC P-256 key in PKCS#8 PEM, the shape of an Apple {@code .p8} file. */
    public String signingKeyPem() {
        return keys.signingKeyPem();
    }

    public String teamId() {
        return keys.teamId();
    }

    public String keyId() {
        return keys.keyId();
    }

    /** All of its key material, to keep for the next start. */
    public ApnsKeys keys() {
        return keys;
    }

    /**
     * The JSON the push handler's APNs secret ({@code herald/apns}) holds to reach this emulator:
     * {@code teamId}, {@code keyId}, {@code signingKey} (.p8 PEM), {@code topic}, {@code host}, {@code port},
     * {@code production} (false) and {@code trustedCertificate} (PEM).
     */
    public String secretJson() {
        ObjectNode json = Json.object();
        json.put("teamId", keys.teamId());
        json.put("keyId", keys.keyId());
        json.put("signingKey", keys.signingKeyPem());
        json.put("topic", topic);
        json.put("host", host());
        json.put("port", port);
        json.put("production", false);
        json.put("trustedCertificate", trustCertificatePem());
        return Json.write(json);
    }

    /** Every notification received (accepted or not), oldest first. */
    public List<ApnsNotification> received() {
        return received.snapshot();
    }

    /** Notifications accepted for {@code token}. */
    public List<ApnsNotification> receivedFor(String token) {
        return received.matching(n -> n.accepted() && n.token().equals(token));
    }

    /** Makes APNs answer 400 BadDeviceToken for {@code token}. */
    public void rejectToken(String token) {
        rejectedTokens.put(token, RejectionReason.BAD_DEVICE_TOKEN);
    }

    /** Makes APNs answer 410 Unregistered for {@code token} (the app was removed). */
    public void unregisterToken(String token) {
        unregisteredTokens.put(token, Instant.now());
    }

    /**
     * Injected transient faults, keyed by device token, valued by the HTTP status to answer: 500
     * ({@code InternalServerError}), 429 ({@code TooManyRequests}) or 503 ({@code ServiceUnavailable}).
     */
    public FaultPlan<Integer> faults() {
        return faults;
    }

    public void clear() {
        received.clear();
        rejectedTokens.clear();
        unregisteredTokens.clear();
        faults.clear();
    }

    private static RejectionReason transientReason(int status) {
        return switch (status) {
            case 429 -> RejectionReason.TOO_MANY_REQUESTS;
            case 503 -> RejectionReason.SERVICE_UNAVAILABLE;
            case 500 -> RejectionReason.INTERNAL_SERVER_ERROR;
            default -> throw new IllegalArgumentException("the APNs emulator injects 429, 500 or 503, not " + status);
        };
    }

    private void handle(Http2Headers headers, ByteBuf payload) throws RejectedNotificationException {
        String path = String.valueOf(headers.path());
        String token = path.startsWith("/3/device/") ? path.substring("/3/device/".length()) : "";
        String payloadText = payload.toString(StandardCharsets.UTF_8);
        String rejection = null;
        RejectedNotificationException refusal = null;
        Optional<Integer> fault;
        Optional<String> tokenProblem = providerTokens.check(headers.get("authorization"));
        if (tokenProblem.isPresent()) {
            rejection = tokenProblem.get();
            refusal = new RejectedNotificationException(rejection.equals("MissingProviderToken")
                    ? RejectionReason.MISSING_PROVIDER_TOKEN : RejectionReason.INVALID_PROVIDER_TOKEN);
        } else if (token.isEmpty()) {
            refusal = new RejectedNotificationException(RejectionReason.MISSING_DEVICE_TOKEN);
            rejection = "MissingDeviceToken";
        } else if (faults.remaining(token) > 0 && (fault = faults.next(token)).isPresent()) {
            refusal = new RejectedNotificationException(transientReason(fault.get()));
            rejection = switch (fault.get()) {
                case 429 -> "TooManyRequests";
                case 503 -> "ServiceUnavailable";
                default -> "InternalServerError";
            };
        } else if (rejectedTokens.containsKey(token)) {
            refusal = new RejectedNotificationException(rejectedTokens.get(token));
            rejection = "BadDeviceToken";
        } else if (unregisteredTokens.containsKey(token)) {
            refusal = new UnregisteredDeviceTokenException(unregisteredTokens.get(token));
            rejection = "Unregistered";
        }
        received.add(new ApnsNotification(token, header(headers, "apns-topic"), payloadText, header(headers, "apns-priority"),
                header(headers, "apns-push-type"), header(headers, "apns-collapse-id"), refusal == null, rejection, Instant.now()));
        if (refusal != null) {
            throw refusal;
        }
    }

    private static String header(Http2Headers headers, String name) {
        CharSequence v = headers.get(name);
        return v == null ? null : v.toString();
    }
}
