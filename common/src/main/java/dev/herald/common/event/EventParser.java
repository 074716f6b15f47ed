package dev.herald.common.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.json.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses and validates producer events. Validation never stops at the first problem: the caller
 * gets every problem at once, each naming the field and how to fix it. Unknown fields are kept.
 */
public final class EventParser {
    /** EventBridge's own limit for one PutEvents entry (256 KB); we hold detail to it too. */
    public static final int MAX_EVENT_BYTES = 256 * 1024;
    public static final int MAX_RECIPIENTS = 10_000;
    static final int MAX_ID_LENGTH = 256;

    private EventParser() {
    }

    /** Parses an EventBridge event (envelope and detail) as a target receives it. */
    public static ParsedEvent parse(String json) {
        if (json == null || json.isBlank()) {
            return invalid(Optional.empty(), new Problem("body", "is empty; send an EventBridge event as JSON"));
        }
        if (json.length() > MAX_EVENT_BYTES) {
            return invalid(Optional.empty(), new Problem("body",
                    "is " + json.length() + " bytes, above the 262144-byte EventBridge limit; move large data to S3 and send a reference"));
        }
        JsonNode root;
        try {
            root = Json.tree(json);
        } catch (Json.JsonException e) {
            return invalid(Optional.empty(), new Problem("body", e.getMessage() + "; send one JSON object"));
        }
        return parse(json, root);
    }

    /**
     * As {@link #parse(String)}, for a body the caller has already read as a tree (the router matches routes
     * against the same tree, so each event is parsed once). {@code root} must be {@code Json.tree(json)}.
     */
    public static ParsedEvent parse(String json, JsonNode root) {
        if (json.length() > MAX_EVENT_BYTES) {
            return parse(json);
        }
        if (!(root instanceof ObjectNode envelope)) {
            return invalid(Optional.empty(), new Problem("body", "is not a JSON object; send an EventBridge event object"));
        }
        List<Problem> problems = new ArrayList<>();
        Optional<String> id = text(envelope, "id");
        String source = requiredText(envelope, "source", "the producing application, e.g. shop.orders", problems);
        String detailType = requiredText(envelope, "detail-type", "the event type, e.g. order.shipped", problems);
        if (id.isEmpty()) {
            problems.add(new Problem("id", "is missing; EventBridge sets it - send events through PutEvents"));
        }
        Instant time = Instant.EPOCH;
        Optional<String> timeText = text(envelope, "time");
        if (timeText.isPresent()) {
            try {
                time = instant(timeText.get());
            } catch (DateTimeParseException e) {
                problems.add(new Problem("time", "'" + timeText.get() + "' is not an ISO-8601 instant such as 2026-11-22T10:00:00Z"));
            }
        }
        List<String> resources = new ArrayList<>();
        JsonNode res = envelope.get("resources");
        if (res != null && res.isArray()) {
            res.forEach(r -> resources.add(r.asText()));
        }
        JsonNode detailNode = envelope.get("detail");
        NotificationDetail detail = null;
        if (detailNode == null || detailNode.isNull()) {
            problems.add(new Problem("detail", "is missing; send a Herald detail object with at least recipients"));
        } else if (!(detailNode instanceof ObjectNode detailObject)) {
            problems.add(new Problem("detail", "is " + detailNode.getNodeType().name().toLowerCase() + ", not an object; send {\"recipients\": [...], ...}"));
        } else {
            detail = parseDetail(detailObject, "detail.", problems);
        }
        if (!problems.isEmpty()) {
            return new ParsedEvent.Invalid(id, problems);
        }
        return new ParsedEvent.Valid(new HeraldEvent(id.get(), source, detailType, time,
                text(envelope, "account").orElse(""), text(envelope, "region").orElse(""), resources, detail, json));
    }

    /**
     * Validates a detail object alone (what a producer passes to {@code HeraldPublisher}).
     *
     * @return the problems; empty when the detail is valid
     */
    public static List<Problem> validateDetail(JsonNode detail) {
        List<Problem> problems = new ArrayList<>();
        if (!(detail instanceof ObjectNode o)) {
            problems.add(new Problem("detail", "is not a JSON object; send {\"recipients\": [...], ...}"));
        } else {
            parseDetail(o, "detail.", problems);
        }
        return problems;
    }

    static NotificationDetail parseDetail(ObjectNode d, String prefix, List<Problem> problems) {
        int before = problems.size();
        Optional<String> notificationId = Optional.empty();
        JsonNode nid = d.get("notificationId");
        if (nid != null && !nid.isNull()) {
            if (!nid.isTextual() || nid.asText().isBlank()) {
                problems.add(new Problem(prefix + "notificationId", "must be a non-empty string (your idempotency key), or left out to use the event id"));
            } else if (nid.asText().length() > MAX_ID_LENGTH) {
                problems.add(new Problem(prefix + "notificationId", "is longer than " + MAX_ID_LENGTH + " characters; use a shorter key such as a ULID"));
            } else if (nid.asText().contains(DeliveryIds.SEPARATOR)) {
                problems.add(new Problem(prefix + "notificationId", separatorProblem("notificationId")));
            } else {
                notificationId = Optional.of(nid.asText());
            }
        }
        List<Recipient> recipients = new ArrayList<>();
        JsonNode rec = d.get("recipients");
        if (rec == null || rec.isNull()) {
            problems.add(new Problem(prefix + "recipients", "is missing; list user ids or topic:NAME entries, e.g. [\"user-1\", \"topic:deals\"]"));
        } else if (!rec.isArray()) {
            problems.add(new Problem(prefix + "recipients", "must be an array of strings, e.g. [\"user-1\"]"));
        } else if (rec.isEmpty()) {
            problems.add(new Problem(prefix + "recipients", "is empty; name at least one user id or topic:NAME"));
        } else if (rec.size() > MAX_RECIPIENTS) {
            problems.add(new Problem(prefix + "recipients", "has " + rec.size() + " entries, above " + MAX_RECIPIENTS + "; use a topic for large audiences"));
        } else {
            for (int i = 0; i < rec.size(); i++) {
                JsonNode r = rec.get(i);
                String field = prefix + "recipients[" + i + "]";
                if (!r.isTextual() || r.asText().isBlank()) {
                    problems.add(new Problem(field, "must be a non-empty string (a user id or topic:NAME)"));
                } else if (r.asText().length() > MAX_ID_LENGTH) {
                    problems.add(new Problem(field, "is longer than " + MAX_ID_LENGTH + " characters"));
                } else if (r.asText().equals(Recipient.TOPIC_PREFIX)) {
                    problems.add(new Problem(field, "names no topic; write topic:NAME"));
                } else if (r.asText().contains(DeliveryIds.SEPARATOR)) {
                    problems.add(new Problem(field, separatorProblem(r.asText().startsWith(Recipient.TOPIC_PREFIX) ? "a topic name" : "a user id")));
                } else {
                    Recipient parsed = Recipient.parse(r.asText());
                    if (!recipients.contains(parsed)) {
                        recipients.add(parsed);
                    }
                }
            }
        }
        Optional<String> category = Optional.empty();
        JsonNode cat = d.get("category");
        if (cat != null && !cat.isNull()) {
            if (!cat.isTextual() || cat.asText().isBlank()) {
                problems.add(new Problem(prefix + "category", "must be a non-empty string such as \"orders\", or left out"));
            } else {
                category = Optional.of(cat.asText());
            }
        }
        Priority priority = Priority.NORMAL;
        JsonNode pri = d.get("priority");
        if (pri != null && !pri.isNull()) {
            Optional<Priority> p = pri.isTextual() ? Priority.fromWireName(pri.asText()) : Optional.empty();
            if (p.isEmpty()) {
                problems.add(new Problem(prefix + "priority", "'" + pri.asText() + "' is not one of normal, high, critical"));
            } else {
                priority = p.get();
            }
        }
        List<Channel> channels = new ArrayList<>();
        JsonNode ch = d.get("channels");
        if (ch != null && !ch.isNull()) {
            if (!ch.isArray()) {
                problems.add(new Problem(prefix + "channels", "must be an array such as [\"websocket\", \"push\", \"email\"], or left out to let routes decide"));
            } else {
                for (int i = 0; i < ch.size(); i++) {
                    JsonNode c = ch.get(i);
                    Optional<Channel> parsed = c.isTextual() ? Channel.fromWireName(c.asText()) : Optional.empty();
                    if (parsed.isEmpty()) {
                        problems.add(new Problem(prefix + "channels[" + i + "]", "'" + c.asText() + "' is not one of websocket, push, email"));
                    } else if (!channels.contains(parsed.get())) {
                        channels.add(parsed.get());
                    }
                }
            }
        }
        ObjectNode data = Json.object();
        JsonNode dat = d.get("data");
        if (dat != null && !dat.isNull()) {
            if (dat instanceof ObjectNode o) {
                data = o;
            } else {
                problems.add(new Problem(prefix + "data", "must be a JSON object of template variables, e.g. {\"orderId\": \"A-17\"}"));
            }
        }
        Optional<String> locale = Optional.empty();
        JsonNode loc = d.get("locale");
        if (loc != null && !loc.isNull()) {
            if (!loc.isTextual() || !isLocale(loc.asText())) {
                problems.add(new Problem(prefix + "locale", "'" + loc.asText() + "' is not a BCP 47 locale such as fr-CA"));
            } else {
                locale = Optional.of(loc.asText().replace('_', '-'));
            }
        }
        SendAt.formatProblem(d, prefix).ifPresent(problems::add);
        if (problems.size() > before) {
            return null;
        }
        return new NotificationDetail(notificationId, recipients, category, priority, channels, data, locale, d);
    }

    /**
     * Herald joins notification ids, channels and user ids with {@code #} into ledger keys
     * ({@code DeliveryIds.of}, {@code notification#ID}); an id holding the separator could name another row
     * ({@code notificationId "email#u"} would be the key of user {@code u}'s email for notification
     * {@code "notification"}), so such ids are refused, not encoded.
     */
    static String separatorProblem(String what) {
        return "contains '" + DeliveryIds.SEPARATOR + "', which Herald uses to join ids into ledger keys, so " + what
                + " with it could name another delivery's row; use an id without '" + DeliveryIds.SEPARATOR + "' (e.g. replace it with '-')";
    }

    /**
     * Whether {@code text} is a language tag as Herald takes it: 2-3 letters, then any number of
     * {@code -} or {@code _} subtags of 2-8 letters or digits ({@code fr}, {@code fr-CA}, {@code zh_Hant_TW}).
     */
    static boolean isLocale(String text) {
        int n = text.length();
        int i = 0;
        while (i < n && isLetter(text.charAt(i))) {
            i++;
        }
        if (i < 2 || i > 3) {
            return false;
        }
        while (i < n) {
            char sep = text.charAt(i++);
            if (sep != '-' && sep != '_') {
                return false;
            }
            int start = i;
            while (i < n && (isLetter(text.charAt(i)) || (text.charAt(i) >= '0' && text.charAt(i) <= '9'))) {
                i++;
            }
            if (i - start < 2 || i - start > 8) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /**
     * {@link Instant#parse}, with a fast path for the one form EventBridge writes ({@code 2026-11-22T10:00:00Z}):
     * the router reads one per event, and the general ISO parser costs a tenth of its whole CPU budget.
     */
    static Instant instant(String text) {
        if (text.length() == 20 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(19) == 'Z') {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 2);
            int day = digits(text, 8, 2);
            int hour = digits(text, 11, 2);
            int minute = digits(text, 14, 2);
            int second = digits(text, 17, 2);
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= java.time.YearMonth.of(year, month).lengthOfMonth()
                    && hour >= 0 && hour < 24 && minute >= 0 && minute < 60 && second >= 0 && second < 60) {
                long days = java.time.LocalDate.of(year, month, day).toEpochDay();
                return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second);
            }
        }
        return Instant.parse(text);
    }

    /** The non-negative decimal number in {@code text[from, from+count)}, or -1 when a character is not a digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static Optional<String> text(ObjectNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? Optional.of(v.asText()) : Optional.empty();
    }

    private static String requiredText(ObjectNode node, String field, String hint, List<Problem> problems) {
        Optional<String> v = text(node, field);
        if (v.isEmpty()) {
            problems.add(new Problem(field, "is missing or empty; set it to " + hint));
            return "";
        }
        return v.get();
    }

    private static ParsedEvent invalid(Optional<String> id, Problem problem) {
        return new ParsedEvent.Invalid(id, List.of(problem));
    }
}
