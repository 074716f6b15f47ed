package dev.herald.local.emulators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import dev.herald.local.edge.AwsJsonService;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AWS End User Messaging SMS ({@code pinpoint-sms-voice-v2}, AWS JSON 1.0 protocol) on the edge port:
 * {@code X-Amz-Target: PinpointSMSVoiceV2.SendTextMessage} and the opt-out calls {@code PutOptedOutNumber},
 * {@code DeleteOptedOutNumber} and {@code DescribeOptedOutNumbers}, so {@code PinpointSmsVoiceV2Client} with
 * {@code AWS_ENDPOINT_URL} sends here. It keeps the newest texts in memory ({@link #sent()}); nothing leaves the machine.
 * <p>Behaviour, as the service answers: a number on the opt-out list ({@link #optOut(String)} or {@code PutOptedOutNumber})
 * gets {@code ConflictException} with reason {@code DESTINATION_PHONE_NUMBER_OPTED_OUT}; a request without a
 * destination or body, a destination not in E.164, or a body over 1,600 characters gets {@code ValidationException};
 * a destination with a fault planned in {@link #faults()} gets {@code ThrottlingException}, counted by
 * {@link #throttled()}. Signatures are not checked.
 * https://docs.aws.amazon.com/pinpoint/latest/apireference_smsvoicev2/API_SendTextMessage.html
 */
public final class SmsEmulator implements AwsJsonService {
    private static final Logger LOG = LoggerFactory.getLogger(SmsEmulator.class);
    public static final String TARGET_PREFIX = "PinpointSMSVoiceV2";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    /** The configuration set herald up's SMS function is configured with. */
    public static final String CONFIGURATION_SET = "herald-local";
    /** The origination identity herald up's SMS function sends from (a phone number id, as the service names them). */
    public static final String ORIGINATION_IDENTITY = "phone-heraldlocal0000000000000000";
    public static final String DEFAULT_OPT_OUT_LIST = "Default";
    private static final int MAX_BODY = 1600;

    private final BoundedLog<SentSms> sent;
    private final Set<String> optedOut = ConcurrentHashMap.newKeySet();
    private final FaultPlan<String> faults = new FaultPlan<>();
    private final AtomicLong throttled = new AtomicLong();

    public SmsEmulator(int capacity) {
        this.sent = new BoundedLog<>(capacity);
    }

    public SmsEmulator() {
        this(1000);
    }

    @Override
    public String targetPrefix() {
        return TARGET_PREFIX;
    }

    /** The texts accepted, oldest first. */
    public List<SentSms> sent() {
        return sent.snapshot();
    }

    public List<SentSms> sentTo(String e164) {
        return sent.matching(s -> s.destinationPhoneNumber().equals(e164));
    }

    /** Puts {@code e164} on the account's opt-out list (as a STOP reply would). */
    public void optOut(String e164) {
        optedOut.add(e164);
    }

    public Set<String> optedOut() {
        return Set.copyOf(optedOut);
    }

    /** Injected throttling, keyed by destination phone number (E.164): {@code ThrottlingException}. */
    public FaultPlan<String> faults() {
        return faults;
    }

    public long throttled() {
        return throttled.get();
    }

    public void clear() {
        sent.clear();
        optedOut.clear();
        faults.clear();
    }

    @Override
    public void handle(String operation, byte[] body, Context ctx) {
        JsonNode in;
        try {
            String text = new String(body, StandardCharsets.UTF_8);
            in = text.isBlank() ? Json.object() : Json.tree(text);
        } catch (Json.JsonException e) {
            error(ctx, 400, "ValidationException", "the request body is not JSON: " + e.getMessage(), Map.of());
            return;
        }
        switch (operation) {
            case "SendTextMessage" -> send(in, ctx);
            case "PutOptedOutNumber" -> {
                String number = in.path("OptedOutNumber").asText("");
                if (!number.matches("\\+[1-9][0-9]{1,14}")) {
                    error(ctx, 400, "ValidationException", "OptedOutNumber must be in E.164, was '" + number + "'", Map.of());
                    return;
                }
                optedOut.add(number);
                ObjectNode out = Json.object();
                out.put("OptOutListName", in.path("OptOutListName").asText(DEFAULT_OPT_OUT_LIST));
                out.put("OptedOutNumber", number);
                out.put("OptedOutTimestamp", Instant.now().getEpochSecond());
                out.put("EndUserOptedOut", false);
                ok(ctx, out);
            }
            case "DeleteOptedOutNumber" -> {
                String number = in.path("OptedOutNumber").asText("");
                if (!optedOut.remove(number)) {
                    error(ctx, 400, "ResourceNotFoundException", "the opted-out number " + number + " is not on the list", Map.of());
                    return;
                }
                ObjectNode out = Json.object();
                out.put("OptOutListName", in.path("OptOutListName").asText(DEFAULT_OPT_OUT_LIST));
                out.put("OptedOutNumber", number);
                ok(ctx, out);
            }
            case "DescribeOptedOutNumbers" -> {
                ObjectNode out = Json.object();
                out.put("OptOutListName", in.path("OptOutListName").asText(DEFAULT_OPT_OUT_LIST));
                ArrayNode numbers = out.putArray("OptedOutNumbers");
                List<String> wanted = in.has("OptedOutNumbers") ? Json.mapper().convertValue(in.get("OptedOutNumbers"),
                        Json.mapper().getTypeFactory().constructCollectionType(List.class, String.class)) : List.copyOf(optedOut);
                for (String n : wanted) {
                    if (optedOut.contains(n)) {
                        ObjectNode o = numbers.addObject();
                        o.put("OptedOutNumber", n);
                        o.put("EndUserOptedOut", true);
                    }
                }
                ok(ctx, out);
            }
            default -> error(ctx, 400, "UnknownOperationException", "herald up's SMS emulator does not serve " + operation
                    + "; it serves SendTextMessage, PutOptedOutNumber, DeleteOptedOutNumber and DescribeOptedOutNumbers", Map.of());
        }
    }

    private void send(JsonNode in, Context ctx) {
        String destination = in.path("DestinationPhoneNumber").asText("");
        String messageBody = in.path("MessageBody").asText("");
        if (!destination.matches("\\+[1-9][0-9]{1,14}")) {
            error(ctx, 400, "ValidationException", "DestinationPhoneNumber must be in E.164, was '" + destination + "'", Map.of("Reason", "INVALID_PARAMETER"));
            return;
        }
        if (messageBody.isEmpty() || messageBody.length() > MAX_BODY) {
            error(ctx, 400, "ValidationException", "MessageBody must have 1 to " + MAX_BODY + " characters, had " + messageBody.length(),
                    Map.of("Reason", "INVALID_PARAMETER"));
            return;
        }
        if (faults.next(destination).isPresent()) {
            throttled.incrementAndGet();
            error(ctx, 400, "ThrottlingException", "Rate exceeded", Map.of());
            return;
        }
        if (optedOut.contains(destination)) {
            error(ctx, 400, "ConflictException", "The destination phone number is opted out",
                    Map.of("Reason", "DESTINATION_PHONE_NUMBER_OPTED_OUT", "ResourceType", "opt-out-list", "ResourceId", DEFAULT_OPT_OUT_LIST));
            return;
        }
        Map<String, String> context = new LinkedHashMap<>();
        in.path("Context").properties().forEach(e -> context.put(e.getKey(), e.getValue().asText()));
        String messageId = UUID.randomUUID().toString();
        sent.add(new SentSms(messageId, destination, text(in, "OriginationIdentity"), text(in, "ConfigurationSetName"),
                text(in, "MessageType"), messageBody, segments(messageBody), Map.copyOf(context), Instant.now()));
        LOG.info("sms emulator accepted text messageId={}", messageId);
        ObjectNode out = Json.object();
        out.put("MessageId", messageId);
        ok(ctx, out);
    }

    /** Segments as the service bills them: GSM-7 160/153 septets, else UCS-2 70/67 units (no character split). */
    static int segments(String body) {
        String basic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
        String extended = "^{}\\[~]|€\f";
        boolean gsm = body.chars().allMatch(c -> basic.indexOf(c) >= 0 || extended.indexOf(c) >= 0);
        int single = gsm ? 160 : 70;
        int part = gsm ? 153 : 67;
        int total = 0;
        for (int i = 0; i < body.length(); i++) {
            total += gsm && extended.indexOf(body.charAt(i)) >= 0 ? 2 : 1;
        }
        if (total <= single) {
            return 1;
        }
        int segments = 1;
        int used = 0;
        for (int i = 0; i < body.length(); ) {
            int cp = body.codePointAt(i);
            int width = gsm ? (extended.indexOf(body.charAt(i)) >= 0 ? 2 : 1) : Character.charCount(cp);
            if (used + width > part) {
                segments++;
                used = 0;
            }
            used += width;
            i += gsm ? 1 : Character.charCount(cp);
        }
        return segments;
    }

    private static String text(JsonNode in, String field) {
        JsonNode n = in.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static void ok(Context ctx, JsonNode body) {
        ctx.status(200).contentType(CONTENT_TYPE).result(Json.write(body));
    }

    private static void error(Context ctx, int status, String type, String message, Map<String, String> fields) {
        ObjectNode body = Json.object();
        body.put("__type", type);
        body.put("Message", message);
        fields.forEach(body::put);
        ctx.status(status).header("x-amzn-ErrorType", type).contentType(CONTENT_TYPE).result(Json.write(body));
    }
}
