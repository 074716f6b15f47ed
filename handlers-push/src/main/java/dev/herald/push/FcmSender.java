package dev.herald.push;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.core.ApiFuture;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import com.google.firebase.messaging.BatchResponse;
import com.google.firebase.messaging.FirebaseMessaging;
import com.google.firebase.messaging.FirebaseMessagingException;
import com.google.firebase.messaging.Message;
import com.google.firebase.messaging.SendResponse;
import dev.herald.common.config.ConfigException;
import dev.herald.common.store.DeviceTokenStore.DeviceToken;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FCM HTTP v1 through firebase-admin's {@link FirebaseMessaging#sendEachAsync}: one message per token
 * (notification title/body, string data, Android priority, and the collapse id as the notification
 * {@code tag}, so a resend replaces the shown notification - a per-delivery {@code collapse_key} would
 * not do: FCM keeps at most four collapse keys per device). Errors are classified by {@link FcmErrors}.
 * <p>firebase-admin retries a 503 itself (four times, exponential backoff from 0.5 s, or after the
 * server's {@code Retry-After}) before reporting {@code UNAVAILABLE}, so during an FCM outage one
 * delivery takes up to the send timeout ({@link PushDeliveryConfig#sendTimeout()}). If a batch then outlives
 * the function timeout, SQS redelivers it and the ledger skips what was already sent.
 * <p>firebase-admin has no public setting for the FCM host; with a {@code rootUrl}, the HTTP
 * transport's connection factory rewrites {@code https://fcm.googleapis.com/} to it and refuses
 * every other URL, so a local run cannot reach Google.
 */
final class FcmSender implements PushPlatform {
    private static final Logger LOG = LoggerFactory.getLogger(FcmSender.class);
    static final String FCM_ROOT = "https://fcm.googleapis.com/";
    /** sendEach takes at most 500 messages. */
    private static final int MAX_BATCH = 500;
    private static final AtomicInteger APPS = new AtomicInteger();

    private final FirebaseApp app;
    private final FirebaseMessaging messaging;

    FcmSender(FirebaseApp app) {
        this.app = app;
        this.messaging = FirebaseMessaging.getInstance(app);
    }

    /** Initialises a Firebase app of its own (no network until the first send). */
    static FcmSender create(FcmSettings settings) {
        GoogleCredentials credentials;
        try {
            credentials = settings.serviceAccountJson() != null
                    ? ServiceAccountCredentials.fromStream(new ByteArrayInputStream(settings.serviceAccountJson().getBytes(StandardCharsets.UTF_8)))
                    : GoogleCredentials.create(new AccessToken(settings.accessToken(), null));
        } catch (IOException e) {
            throw new ConfigException("the FCM service account cannot be read: " + e.getMessage()
                    + "; paste the key file downloaded from the Firebase console as serviceAccount", e);
        }
        FirebaseOptions.Builder options = FirebaseOptions.builder().setCredentials(credentials).setProjectId(settings.projectId())
                .setConnectTimeout(5_000).setReadTimeout(10_000);
        if (settings.rootUrl() != null) {
            String root = settings.rootUrl().toString();
            options.setHttpTransport(new NetHttpTransport.Builder().setConnectionFactory(url -> {
                String target = url.toString();
                if (!target.startsWith(FCM_ROOT)) {
                    throw new IOException("FCM rootUrl is set: only " + FCM_ROOT + " is redirected to " + root + "; refusing to call " + url.getHost());
                }
                return (java.net.HttpURLConnection) java.net.URI.create(root + target.substring(FCM_ROOT.length())).toURL().openConnection();
            }).build());
        }
        return new FcmSender(FirebaseApp.initializeApp(options.build(), "herald-push-" + APPS.incrementAndGet()));
    }

    @Override
    public CompletableFuture<List<TokenResult>> send(PushPayload payload, List<DeviceToken> devices) {
        List<TokenResult> refused = new ArrayList<>();
        List<DeviceToken> sendable = new ArrayList<>();
        List<Message> messages = new ArrayList<>();
        Map<String, String> data = FcmMessages.data(payload);
        for (DeviceToken device : devices) {
            try {
                messages.add(FcmMessages.message(payload, data, device.token()));
                sendable.add(device);
            } catch (IllegalArgumentException e) {
                refused.add(TokenResult.refused(device, "FCM message invalid: " + e.getMessage()));
            }
        }
        List<CompletableFuture<List<TokenResult>>> chunks = new ArrayList<>();
        chunks.add(CompletableFuture.completedFuture(refused));
        for (int from = 0; from < messages.size(); from += MAX_BATCH) {
            int to = Math.min(messages.size(), from + MAX_BATCH);
            chunks.add(sendChunk(sendable.subList(from, to), messages.subList(from, to)));
        }
        return CompletableFuture.allOf(chunks.toArray(CompletableFuture[]::new))
                .thenApply(v -> chunks.stream().flatMap(c -> c.join().stream()).toList());
    }

    private CompletableFuture<List<TokenResult>> sendChunk(List<DeviceToken> devices, List<Message> messages) {
        CompletableFuture<List<TokenResult>> result = new CompletableFuture<>();
        ApiFuture<BatchResponse> future;
        try {
            future = messaging.sendEachAsync(List.copyOf(messages));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(devices.stream().map(d -> TokenResult.transientFailure(d, "FCM send failed: " + e)).toList());
        }
        future.addListener(() -> {
            try {
                List<SendResponse> responses = future.get().getResponses();
                List<TokenResult> out = new ArrayList<>();
                for (int i = 0; i < devices.size(); i++) {
                    out.add(classify(devices.get(i), responses.get(i)));
                }
                result.complete(out);
            } catch (ExecutionException | RuntimeException e) {
                Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                LOG.warn("fcm send failed error={}", cause.toString());
                result.complete(devices.stream().map(d -> cause instanceof FirebaseMessagingException f ? classify(d, f)
                        : TokenResult.transientFailure(d, "FCM send failed: " + cause)).toList());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                result.complete(devices.stream().map(d -> TokenResult.transientFailure(d, "FCM send interrupted")).toList());
            }
        }, Runnable::run);
        return result;
    }

    private static TokenResult classify(DeviceToken device, SendResponse response) {
        return response.isSuccessful() ? TokenResult.delivered(device) : classify(device, response.getException());
    }

    private static TokenResult classify(DeviceToken device, FirebaseMessagingException e) {
        String body = e.getHttpResponse() == null ? null : e.getHttpResponse().getContent();
        return FcmErrors.classify(device, e.getMessagingErrorCode(), e.getErrorCode(), e.getMessage(), body);
    }

    @Override
    public void close() {
        app.delete();
    }
}
