package dev.herald.local.emulators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import dev.herald.local.EdgeComponent;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SES v2-compatible {@code SendEmail} endpoint ({@code POST /v2/email/outbound-emails}), installed on
 * the edge port, so {@code SesV2Client} with endpoint {@code http://localhost:4566} (or
 * {@code AWS_ENDPOINT_URL}) sends here. It keeps the newest emails in memory ({@link #sent()}) and
 * answers {@code {"MessageId": ...}}; nothing leaves the machine.
 * <p>Failure behaviour: a body that is not JSON, or lacks a sender, a recipient or content, gets
 * 400 {@code BadRequestException}; a recipient added with {@link #rejectAddress(String)} gets 400
 * {@code MessageRejected}, as SES answers for an address it refuses; an address with a fault planned in
 * {@link #faults()} gets 429 {@code TooManyRequestsException} (throttling; off by default), and
 * {@link #throttled()} counts those answers. Signatures are not checked.
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SendEmail.html
 */
public final class SesEmulator implements EdgeComponent {
    private static final Logger LOG = LoggerFactory.getLogger(SesEmulator.class);
    public static final String PATH = "/v2/email/outbound-emails";

    private final BoundedLog<SentEmail> sent;
    private final Set<String> rejected = ConcurrentHashMap.newKeySet();
    private final FaultPlan<String> faults = new FaultPlan<>();
    private final java.util.concurrent.atomic.AtomicLong throttled = new java.util.concurrent.atomic.AtomicLong();

    /** @param capacity how many emails to keep (older ones are dropped) */
    public SesEmulator(int capacity) {
        this.sent = new BoundedLog<>(capacity);
    }

    public SesEmulator() {
        this(1000);
    }

    @Override
    public void install(JavalinConfig config) {
        config.routes.post(PATH, this::sendEmail);
    }

    /** Nothing to start: the routes live on the edge server. Present for symmetry with the other emulators. */
    public void start() {
    }

    public void close() {
    }

    /** The emails received, oldest first. */
    public List<SentEmail> sent() {
        return sent.snapshot();
    }

    /** Emails to {@code address} (in To, Cc or Bcc). */
    public List<SentEmail> sentTo(String address) {
        String a = address.toLowerCase(Locale.ROOT);
        return sent.matching(e -> e.to().contains(a) || e.cc().contains(a) || e.bcc().contains(a));
    }

    /** Makes SES refuse every email to {@code address} with {@code MessageRejected}. */
    public void rejectAddress(String address) {
        rejected.add(address.toLowerCase(Locale.ROOT));
    }

    public void clear() {
        sent.clear();
        rejected.clear();
        faults.clear();
    }

    /** Injected throttling, keyed by recipient address (lower case): SES answers 429 {@code TooManyRequestsException}. */
    public FaultPlan<String> faults() {
        return faults;
    }

    /** How many sends were answered with injected throttling. */
    public long throttled() {
        return throttled.get();
    }

    private void sendEmail(Context ctx) {
        JsonNode body;
        try {
            body = Json.tree(ctx.body());
        } catch (Json.JsonException e) {
            error(ctx, "BadRequestException", "request body is not JSON: " + e.getMessage());
            return;
        }
        List<String> to = addresses(body.at("/Destination/ToAddresses"));
        List<String> cc = addresses(body.at("/Destination/CcAddresses"));
        List<String> bcc = addresses(body.at("/Destination/BccAddresses"));
        String from = text(body.get("FromEmailAddress"));
        JsonNode content = body.get("Content");
        String subject = null;
        String html = null;
        String text = null;
        Map<String, String> headers = new LinkedHashMap<>();
        if (content != null && content.has("Simple")) {
            JsonNode simple = content.get("Simple");
            subject = text(simple.at("/Subject/Data"));
            html = text(simple.at("/Body/Html/Data"));
            text = text(simple.at("/Body/Text/Data"));
            simple.path("Headers").forEach(h -> headers.put(h.path("Name").asText(), h.path("Value").asText()));
        } else if (content != null && content.has("Raw")) {
            String raw = new String(Base64.getMimeDecoder().decode(content.at("/Raw/Data").asText("")), StandardCharsets.UTF_8);
            RawMime.parse(raw, headers);
            subject = headers.get("Subject");
            from = from != null ? from : headers.get("From");
            text = RawMime.body(raw);
        } else if (content != null && content.has("Template")) {
            subject = "template:" + content.at("/Template/TemplateName").asText("");
            text = text(content.at("/Template/TemplateData"));
        }
        if (from == null && content != null && !content.has("Raw")) {
            error(ctx, "BadRequestException", "FromEmailAddress is required");
            return;
        }
        if (to.isEmpty() && cc.isEmpty() && bcc.isEmpty() && (content == null || !content.has("Raw"))) {
            error(ctx, "BadRequestException", "Destination needs at least one address in ToAddresses, CcAddresses or BccAddresses");
            return;
        }
        if (content == null || content.isEmpty()) {
            error(ctx, "BadRequestException", "Content needs Simple, Raw or Template");
            return;
        }
        for (String address : concat(to, cc, bcc)) {
            if (faults.next(address).isPresent()) {
                throttled.incrementAndGet();
                ObjectNode throttle = Json.object();
                throttle.put("message", "Maximum sending rate exceeded.");
                ctx.status(429).header("x-amzn-ErrorType", "TooManyRequestsException").contentType("application/json").result(Json.write(throttle));
                return;
            }
            if (rejected.contains(address)) {
                error(ctx, "MessageRejected", "Email address is not verified. The following identities failed the check: " + address);
                return;
            }
        }
        Map<String, String> tags = new LinkedHashMap<>();
        body.path("EmailTags").forEach(t -> tags.put(t.path("Name").asText(), t.path("Value").asText()));
        String messageId = String.format("0102%012x-%s-000000", System.currentTimeMillis(), UUID.randomUUID());
        sent.add(new SentEmail(messageId, from, to, cc, bcc, addresses(body.get("ReplyToAddresses")), subject, html, text,
                Map.copyOf(headers), text(body.get("ConfigurationSetName")), Map.copyOf(tags), Instant.now()));
        LOG.info("ses emulator accepted email messageId={} recipients={}", messageId, to.size() + cc.size() + bcc.size());
        ObjectNode answer = Json.object();
        answer.put("MessageId", messageId);
        ctx.contentType("application/json").result(Json.write(answer));
    }

    private static List<String> concat(List<String> a, List<String> b, List<String> c) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        all.addAll(c);
        return all;
    }

    private static List<String> addresses(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(n -> out.add(n.asText().toLowerCase(Locale.ROOT)));
        }
        return List.copyOf(out);
    }

    private static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    private static void error(Context ctx, String type, String message) {
        ObjectNode body = Json.object();
        body.put("message", message);
        ctx.status(400).header("x-amzn-ErrorType", type).contentType("application/json").result(Json.write(body));
    }
}
