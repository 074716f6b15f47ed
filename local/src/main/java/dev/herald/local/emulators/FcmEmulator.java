package dev.herald.local.emulators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import dev.herald.local.EdgeComponent;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An FCM HTTP v1-compatible send endpoint on its own port:
 * {@code POST {rootUrl}v1/projects/{project}/messages:send} with {@code {"message": {...}}} answers
 * {@code {"name": "projects/{project}/messages/{id}"}} and records the message ({@link #received()}).
 * <p>Failure behaviour, as FCM: a missing or wrong {@code Authorization: Bearer} token gets 401
 * {@code UNAUTHENTICATED}; a body without {@code message} or without a target gets 400
 * {@code INVALID_ARGUMENT}; a token given to {@link #rejectToken(String)} gets 404 {@code NOT_FOUND}
 * with {@code FcmError} {@code UNREGISTERED} (the body of the {@code fcm-v1-error.json} fixture);
 * a token with a fault planned in {@link #faults()} gets 503 {@code UNAVAILABLE} (off by default).
 * {@link #start()} binds its own port; {@link #close()} stops. As an {@link EdgeComponent} it serves
 * the same route on the edge port instead ({@code rootUrl} = the edge URL), which is how
 * {@code herald up} runs it.
 * https://firebase.google.com/docs/reference/fcm/rest/v1/projects.messages/send
 */
public final class FcmEmulator implements AutoCloseable, EdgeComponent {
    private static final Logger LOG = LoggerFactory.getLogger(FcmEmulator.class);
    public static final String DEFAULT_PROJECT = "herald-local";
    private static final String SEND_ROUTE = "/v1/projects/{project}/{method}";

    private final String host;
    private final int requestedPort;
    private final String projectId;
    private final String accessToken;
    private final BoundedLog<FcmMessage> received;
    private final Set<String> rejectedTokens = ConcurrentHashMap.newKeySet();
    private final FaultPlan<String> faults = new FaultPlan<>();
    private Javalin server;

    /**
     * @param host      interface to bind (e.g. {@code 127.0.0.1})
     * @param port      port, 0 for a free one
     * @param projectId the Firebase project id the push handler is configured with
     * @param capacity  how many messages to keep
     */
    public FcmEmulator(String host, int port, String projectId, int capacity) {
        this(host, port, projectId, "local-" + UUID.randomUUID(), capacity);
    }

    /**
     * @param accessToken the OAuth access token to require (kept by {@code herald up} across restarts)
     */
    public FcmEmulator(String host, int port, String projectId, String accessToken, int capacity) {
        this.host = host;
        this.requestedPort = port;
        this.projectId = projectId;
        this.accessToken = accessToken;
        this.received = new BoundedLog<>(capacity);
    }

    /** Serves {@code POST /v1/projects/{project}/messages:send} on the edge server. */
    @Override
    public void install(JavalinConfig config) {
        config.routes.post(SEND_ROUTE, this::send);
    }

    public FcmEmulator(int port) {
        this("127.0.0.1", port, DEFAULT_PROJECT, 1000);
    }

    public synchronized FcmEmulator start() {
        if (server == null) {
            server = Javalin.create(config -> {
                config.startup.showJavalinBanner = false;
                config.jetty.host = host;
                config.jetty.port = requestedPort;
                config.routes.post(SEND_ROUTE, this::send);
            }).start();
            LOG.info("fcm emulator started rootUrl={} project={}", rootUrl(), projectId);
        }
        return this;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    public int port() {
        return server.port();
    }

    /** {@code http://localhost:<port>/}: where {@code https://fcm.googleapis.com/} would be. */
    public URI rootUrl() {
        return URI.create("http://localhost:" + port() + "/");
    }

    /** The full send URL for this project. */
    public URI sendUrl() {
        return rootUrl().resolve("v1/projects/" + projectId + "/messages:send");
    }

    public String projectId() {
        return projectId;
    }

    /** The static OAuth access token the emulator requires as {@code Authorization: Bearer}. */
    public String accessToken() {
        return accessToken;
    }

    /**
     * The JSON the push handler's FCM secret ({@code herald/fcm}) holds to reach this emulator:
     * {@code projectId}, {@code rootUrl} and {@code accessToken} (a static token instead of a service account).
     */
    public String secretJson() {
        ObjectNode json = Json.object();
        json.put("projectId", projectId);
        json.put("rootUrl", rootUrl().toString());
        json.put("accessToken", accessToken);
        return Json.write(json);
    }

    /** Every message received (accepted or rejected), oldest first. */
    public List<FcmMessage> received() {
        return received.snapshot();
    }

    /** Messages accepted for {@code token}. */
    public List<FcmMessage> receivedFor(String token) {
        return received.matching(m -> m.accepted() && token.equals(m.token()));
    }

    /** Makes FCM answer 404 UNREGISTERED for {@code token}. */
    public void rejectToken(String token) {
        rejectedTokens.add(token);
    }

    public void clear() {
        received.clear();
        rejectedTokens.clear();
        faults.clear();
    }

    /** Injected transient faults, keyed by registration token: FCM answers 503 {@code UNAVAILABLE} (the value is ignored). */
    public FaultPlan<String> faults() {
        return faults;
    }

    private void send(Context ctx) {
        String project = ctx.pathParam("project");
        if (!ctx.pathParam("method").equals("messages:send")) {
            error(ctx, 404, "NOT_FOUND", "Unknown method " + ctx.pathParam("method") + "; only messages:send is served", null);
            return;
        }
        if (!("Bearer " + accessToken).equals(ctx.header("Authorization"))) {
            error(ctx, 401, "UNAUTHENTICATED",
                    "Request had invalid authentication credentials. Expected OAuth 2 access token; use the accessToken of the local FCM secret.", null);
            return;
        }
        JsonNode body;
        try {
            body = Json.tree(ctx.body());
        } catch (Json.JsonException e) {
            error(ctx, 400, "INVALID_ARGUMENT", "Invalid JSON payload received. " + e.getMessage(), "INVALID_ARGUMENT");
            return;
        }
        JsonNode message = body.get("message");
        if (message == null || !message.isObject()) {
            error(ctx, 400, "INVALID_ARGUMENT", "Request contains an invalid argument: message is required", "INVALID_ARGUMENT");
            return;
        }
        String token = text(message.get("token"));
        if (token == null && text(message.get("topic")) == null && text(message.get("condition")) == null) {
            error(ctx, 400, "INVALID_ARGUMENT", "Request contains an invalid argument: message needs token, topic or condition", "INVALID_ARGUMENT");
            return;
        }
        Map<String, String> data = new LinkedHashMap<>();
        message.path("data").properties().forEach(e -> data.put(e.getKey(), e.getValue().asText()));
        String title = text(message.at("/notification/title"));
        String text = text(message.at("/notification/body"));
        if (token != null && faults.next(token).isPresent()) {
            received.add(new FcmMessage(project, null, token, title, text, Map.copyOf(data), Json.write(body), "UNAVAILABLE", Instant.now()));
            error(ctx, 503, "UNAVAILABLE", "The service is currently unavailable.", "UNAVAILABLE");
            return;
        }
        if (token != null && rejectedTokens.contains(token)) {
            received.add(new FcmMessage(project, null, token, title, text, Map.copyOf(data), Json.write(body), "UNREGISTERED", Instant.now()));
            error(ctx, 404, "NOT_FOUND", "Requested entity was not found.", "UNREGISTERED");
            return;
        }
        String name = "projects/" + project + "/messages/" + Long.toUnsignedString(UUID.randomUUID().getMostSignificantBits(), 16);
        received.add(new FcmMessage(project, name, token, title, text, Map.copyOf(data), Json.write(body), null, Instant.now()));
        ObjectNode answer = Json.object();
        answer.put("name", name);
        ctx.contentType("application/json").result(Json.write(answer));
    }

    private static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    private static void error(Context ctx, int code, String status, String message, String fcmErrorCode) {
        ObjectNode root = Json.object();
        ObjectNode error = root.putObject("error");
        error.put("code", code);
        error.put("message", message);
        error.put("status", status);
        if (fcmErrorCode != null) {
            ObjectNode detail = error.putArray("details").addObject();
            detail.put("@type", "type.googleapis.com/google.firebase.fcm.v1.FcmError");
            detail.put("errorCode", fcmErrorCode);
        }
        ctx.status(code).contentType("application/json").result(Json.write(root));
    }
}
