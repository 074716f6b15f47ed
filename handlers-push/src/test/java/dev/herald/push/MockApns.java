package dev.herald.push;

import com.eatthepath.pushy.apns.ApnsPushNotification;
import com.eatthepath.pushy.apns.server.AcceptAllPushNotificationHandlerFactory;
import com.eatthepath.pushy.apns.server.MockApnsServer;
import com.eatthepath.pushy.apns.server.MockApnsServerBuilder;
import com.eatthepath.pushy.apns.server.ParsingMockApnsServerListenerAdapter;
import com.eatthepath.pushy.apns.server.PushNotificationHandler;
import com.eatthepath.pushy.apns.server.PushNotificationHandlerFactory;
import com.eatthepath.pushy.apns.server.RejectedNotificationException;
import com.eatthepath.pushy.apns.server.RejectionReason;
import com.eatthepath.pushy.apns.server.UnregisteredDeviceTokenException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Pushy's own {@link MockApnsServer} over real TLS (a self-signed certificate for localhost that the
 * client is told to trust), accepting everything except the tokens a test scripts to be rejected.
 * Keeps every notification it accepted.
 */
final class MockApns implements AutoCloseable {
    static final String TOPIC = "com.example.shop";
    static final String TEAM_ID = "TEAM123456";
    static final String KEY_ID = "KEY1234567";

    private final SelfSignedCertificate certificate;
    private final String signingKeyPem;
    private final Map<String, Supplier<RejectedNotificationException>> scripted = new ConcurrentHashMap<>();
    private final List<ApnsPushNotification> accepted = new CopyOnWriteArrayList<>();
    private final List<String> rejectedTokens = new CopyOnWriteArrayList<>();
    private final Map<String, String> authorizationByToken = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicLong requests = new java.util.concurrent.atomic.AtomicLong();
    private final MockApnsServer server;
    private final int port;

    MockApns() throws Exception {
        certificate = new SelfSignedCertificate("localhost");
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        signingKeyPem = pem("PRIVATE KEY", ec.generateKeyPair().getPrivate().getEncoded());
        PushNotificationHandlerFactory acceptAll = new AcceptAllPushNotificationHandlerFactory();
        PushNotificationHandlerFactory scriptedFactory = session -> {
            PushNotificationHandler accept = acceptAll.buildHandler(session);
            return (headers, payload) -> {
                String path = String.valueOf(headers.path());
                String token = path.substring(path.lastIndexOf('/') + 1);
                requests.incrementAndGet();
                if (down.get()) {
                    // an outage: APNs answers 500 InternalServerError to everything (transient)
                    throw new RejectedNotificationException(RejectionReason.INTERNAL_SERVER_ERROR);
                }
                CharSequence authorization = headers.get("authorization");
                authorizationByToken.put(token, authorization == null ? "" : authorization.toString());
                CountDownLatch hold = held.get(token);
                if (hold != null) {
                    // blocks the server's event loop: no answer for any stream on this connection until released
                    try {
                        hold.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                Supplier<RejectedNotificationException> rejection = scripted.get(token);
                if (rejection != null) {
                    throw rejection.get();
                }
                accept.handlePushNotification(headers, payload);
            };
        };
        server = new MockApnsServerBuilder()
                .setServerCredentials(new X509Certificate[] {certificate.cert()}, certificate.key(), null)
                .setHandlerFactory(scriptedFactory)
                .setListener(new ParsingMockApnsServerListenerAdapter() {
                    @Override
                    public void handlePushNotificationAccepted(ApnsPushNotification notification) {
                        accepted.add(notification);
                    }

                    @Override
                    public void handlePushNotificationRejected(ApnsPushNotification notification, RejectionReason reason, Instant timestamp) {
                        rejectedTokens.add(notification.getToken());
                    }
                })
                .build();
        port = (Integer) server.start(0).get(30, TimeUnit.SECONDS);
    }

    /** The APNs secret Herald reads, pointing at this server. */
    String secretJson() {
        ObjectNode json = Json.object();
        json.put("teamId", TEAM_ID);
        json.put("keyId", KEY_ID);
        json.put("signingKey", signingKeyPem);
        json.put("topic", TOPIC);
        json.put("host", "localhost:" + port);
        json.put("trustedServerCertificate", pem("CERTIFICATE", encoded(certificate.cert())));
        return Json.write(json);
    }

    /** While down, every notification is answered 500 InternalServerError (an APNs outage). */
    void down(boolean isDown) {
        down.set(isDown);
    }

    /** Notifications that reached the server (accepted, rejected or answered with an error). */
    long requests() {
        return requests.get();
    }

    void reject(String token, RejectionReason reason) {
        scripted.put(token, () -> new RejectedNotificationException(reason));
    }

    /** Holds the answer to notifications for {@code token} (and the connection's other streams) until the latch is released. */
    CountDownLatch hold(String token) {
        return held.computeIfAbsent(token, t -> new CountDownLatch(1));
    }

    /** 410 Unregistered with APNs' timestamp of when the token stopped being valid. */
    void unregister(String token, Instant since) {
        scripted.put(token, () -> new UnregisteredDeviceTokenException(since));
    }

    List<ApnsPushNotification> acceptedFor(String token) {
        return accepted.stream().filter(n -> n.getToken().equals(token)).toList();
    }

    /** The {@code authorization} header of the last notification for the token (token auth: "bearer <JWT>"). */
    String authorizationFor(String token) {
        return authorizationByToken.get(token);
    }

    /** How many notifications for the token reached the server, accepted or not. */
    long receivedFor(String token) {
        return acceptedFor(token).size() + rejectedTokens.stream().filter(token::equals).count();
    }

    @Override
    public void close() throws Exception {
        server.shutdown().get(30, TimeUnit.SECONDS);
        certificate.delete();
    }

    private static byte[] encoded(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
