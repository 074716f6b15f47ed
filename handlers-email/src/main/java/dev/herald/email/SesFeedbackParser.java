package dev.herald.email;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.json.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an SQS body holding an SES event as EventBridge delivers it ({@code source} {@code aws.ses},
 * {@code detail.eventType} {@code Bounce} or {@code Complaint}; the {@code ses-*-eventbridge.json}
 * fixtures). https://docs.aws.amazon.com/ses/latest/dg/monitoring-eventbridge.html
 */
final class SesFeedbackParser {
    private SesFeedbackParser() {
    }

    static SesFeedback.Parsed parse(String body) {
        JsonNode event;
        try {
            event = Json.tree(body == null ? "" : body);
        } catch (Json.JsonException e) {
            return new SesFeedback.Malformed("body is not JSON: " + e.getMessage());
        }
        if (event == null || !event.isObject()) {
            return new SesFeedback.Malformed("body is not a JSON object");
        }
        if (!"aws.ses".equals(event.path("source").asText())) {
            return new SesFeedback.Malformed("source is '" + event.path("source").asText() + "', not aws.ses; "
                    + "only the SES feedback rule may target this queue");
        }
        JsonNode detail = event.path("detail");
        String type = detail.path("eventType").asText("");
        Instant eventTime = instant(event.path("time").asText(null), null);
        String deliveryId = tag(detail.path("mail").path("tags"), SesMessages.TAG_DELIVERY_ID);
        return switch (type) {
            case "Bounce" -> bounce(detail.path("bounce"), eventTime, deliveryId);
            case "Complaint" -> complaint(detail.path("complaint"), eventTime, deliveryId);
            case "" -> new SesFeedback.Malformed("detail.eventType is missing; the body is not an SES event");
            default -> new SesFeedback.Ignored("SES event type '" + type + "' is not acted on (only Bounce and Complaint)");
        };
    }

    private static SesFeedback.Parsed bounce(JsonNode bounce, Instant eventTime, String deliveryId) {
        if (!bounce.isObject()) {
            return new SesFeedback.Malformed("a Bounce event without detail.bounce");
        }
        List<String> recipients = addresses(bounce.path("bouncedRecipients"));
        if (recipients.isEmpty()) {
            return new SesFeedback.Malformed("a Bounce event without bounce.bouncedRecipients[].emailAddress");
        }
        String type = bounce.path("bounceType").asText("");
        String subType = bounce.path("bounceSubType").asText("");
        SesFeedback.Kind kind = "Permanent".equals(type) ? SesFeedback.Kind.PERMANENT_BOUNCE : SesFeedback.Kind.TRANSIENT_BOUNCE;
        JsonNode first = bounce.path("bouncedRecipients").path(0);
        StringBuilder reason = new StringBuilder("SES bounce: ").append(type.isEmpty() ? "Undetermined" : type);
        if (!subType.isEmpty()) {
            reason.append('/').append(subType);
        }
        if (first.hasNonNull("status")) {
            reason.append(", status ").append(first.get("status").asText());
        }
        if (first.hasNonNull("diagnosticCode")) {
            reason.append(", ").append(Redact.addresses(first.get("diagnosticCode").asText()));
        }
        return new SesFeedback.Feedback(new SesFeedback(kind, text(bounce, "feedbackId"),
                instant(bounce.path("timestamp").asText(null), eventTime), recipients, reason.toString(), deliveryId));
    }

    private static SesFeedback.Parsed complaint(JsonNode complaint, Instant eventTime, String deliveryId) {
        if (!complaint.isObject()) {
            return new SesFeedback.Malformed("a Complaint event without detail.complaint");
        }
        List<String> recipients = addresses(complaint.path("complainedRecipients"));
        if (recipients.isEmpty()) {
            return new SesFeedback.Malformed("a Complaint event without complaint.complainedRecipients[].emailAddress");
        }
        String feedbackType = text(complaint, "complaintFeedbackType");
        String subType = text(complaint, "complaintSubType");
        String reason = "SES complaint" + (feedbackType != null ? ": " + feedbackType : "")
                + (subType != null ? " (" + subType + ")" : "");
        return new SesFeedback.Feedback(new SesFeedback(SesFeedback.Kind.COMPLAINT, text(complaint, "feedbackId"),
                instant(complaint.path("timestamp").asText(null), eventTime), recipients, reason, deliveryId));
    }

    /** {@code emailAddress} of each recipient; a {@code "Name <address>"} form is reduced to the address. */
    private static List<String> addresses(JsonNode recipients) {
        List<String> out = new ArrayList<>();
        for (JsonNode r : recipients) {
            String a = r.path("emailAddress").asText("").trim();
            int lt = a.lastIndexOf('<');
            int gt = a.lastIndexOf('>');
            if (lt >= 0 && gt > lt) {
                a = a.substring(lt + 1, gt).trim();
            }
            if (a.contains("@")) {
                out.add(a);
            }
        }
        return List.copyOf(out);
    }

    /** Tags in EventBridge SES events are string arrays: {@code "deliveryId": ["..."]}. */
    private static String tag(JsonNode tags, String name) {
        JsonNode v = tags.path(name);
        String raw = v.isArray() ? v.path(0).asText(null) : v.isTextual() ? v.asText() : null;
        return raw == null || raw.isBlank() ? null : SesTags.decode(raw);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    private static Instant instant(String text, Instant fallback) {
        try {
            return text == null ? fallback : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }
}
