package dev.herald.router;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.config.EnvNames;
import dev.herald.common.delivery.DeliveryProcessor;
import dev.herald.common.event.Channel;
import dev.herald.common.json.Json;
import dev.herald.common.schedule.MessageScheduler;
import dev.herald.common.store.Preferences;
import dev.herald.common.topology.HeraldTopology;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Digests in the Digests table: one item per digest (route, user, channel, category unless keyed by user, and the window's
 * start or, for an {@code until} digest, its closing time) holding its events' data in arrival order and their delivery ids.
 * An event is appended only if its delivery id is absent (one conditional UpdateItem), so a redelivered event is listed once.
 * The first event of a digest (and a redelivered one, in case the first attempt's send was lost) schedules the flush on the
 * ingress queue for when the digest closes: an SQS message delay up to 15 minutes ahead, beyond that a one-time schedule
 * ({@link MessageScheduler}, named after the digest, so a second create is a conflict it ignores). The flush becomes an
 * ordinary event for the user ({@link #flushBody}) whose notification id is the digest's, so the ledger's claim sends a
 * digest once however many flush messages arrive.
 */
final class DigestStore {
    /** The ingress message attribute naming the digest a flush message flushes. */
    static final String ATTRIBUTE = "HeraldDigest";
    /** Notification ids of digests start so; such a notification is never digested again. */
    static final String PREFIX = "digest-";
    /** The body field of a scheduled flush message. */
    static final String BODY_FIELD = "heraldDigest";

    private final DynamoDbClient dynamo;
    private final SqsClient sqs;
    private final String table;
    private final String ingressQueueUrl;
    private final MessageScheduler scheduler;
    private final String ingressQueueArn;

    /**
     * @param scheduler       for digests that close more than 15 minutes ahead, or null when the router has none (such a
     *                        digest then fails its record with the variables to set)
     * @param ingressQueueArn the ingress queue's ARN, the schedules' target; null without a scheduler
     */
    DigestStore(DynamoDbClient dynamo, SqsClient sqs, String table, String ingressQueueUrl, MessageScheduler scheduler, String ingressQueueArn) {
        this.dynamo = dynamo;
        this.sqs = sqs;
        this.table = table;
        this.ingressQueueUrl = ingressQueueUrl;
        this.scheduler = scheduler;
        this.ingressQueueArn = ingressQueueArn;
    }

    /**
     * The digest key a flush message names: its body {@code {"heraldDigest": key}} (Scheduler's SQS target sends a body
     * without attributes, so both kinds of flush carry it there), or its {@value #ATTRIBUTE} attribute (SQS-delayed flushes also
     * carry it, as the flushes before scheduled ones did). Null for
     * any other message; an event from the bus is EventBridge's envelope, which never has that field at its top level.
     */
    static String flushKey(SQSEvent.SQSMessage m) {
        SQSEvent.MessageAttribute attribute = m.getMessageAttributes() == null ? null : m.getMessageAttributes().get(ATTRIBUTE);
        if (attribute != null) {
            return attribute.getStringValue();
        }
        String body = m.getBody();
        if (body == null || !body.startsWith("{\"" + BODY_FIELD + "\"")) {
            return null;
        }
        try {
            JsonNode key = Json.tree(body).get(BODY_FIELD);
            return key != null && key.isTextual() ? key.asText() : null;
        } catch (Json.JsonException e) {
            return null;
        }
    }

    /**
     * Adds a delivery to its digest and, for the digest's first event, schedules the flush.
     *
     * @param userPreferences the user's preferences: their time zone places an {@code until} digest's closing time
     * @return false when the digest item cannot take this event's data (DynamoDB's 400 KB item limit): the caller sends
     *         it on its own
     */
    boolean hold(Digest digest, RoutingPlan.Routed plan, Preferences userPreferences, Channel channel, Instant now) {
        String user = userPreferences.userId();
        Instant closes = digest.closesAt(now, userPreferences);
        // a window's digests keep the name they had before "until" existed (its start); an until digest is named by its close
        long start = digest.window() != null ? closes.getEpochSecond() - digest.window().toSeconds() : closes.getEpochSecond();
        String category = digest.key() == Digest.Key.USER || plan.category() == null ? "-" : plan.category();
        String key = digest.route() + "#" + user + "#" + channel.wireName() + "#" + category + "#" + start;
        String deliveryId = dev.herald.common.delivery.DeliveryIds.of(plan.notificationId(), channel, user);
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":item", AttributeValue.fromL(List.of(AttributeValue.fromS(Json.write(plan.data() == null ? Json.object() : Json.asObject(plan.data()))))),
                ":empty", AttributeValue.fromL(List.of()),
                ":ids", AttributeValue.fromSs(List.of(deliveryId)),
                ":id", AttributeValue.fromS(deliveryId),
                ":type", AttributeValue.fromS(plan.eventType()),
                ":source", AttributeValue.fromS(plan.source()),
                ":user", AttributeValue.fromS(user),
                ":channel", AttributeValue.fromS(channel.wireName()),
                ":category", AttributeValue.fromS(category),
                ":ttl", AttributeValue.fromN(Long.toString(closes.getEpochSecond() + Duration.ofDays(1).toSeconds()))));
        boolean first;
        try {
            first = !dynamo.updateItem(r -> r.tableName(table).key(Map.of("digestKey", AttributeValue.fromS(key)))
                    .updateExpression("SET #items = list_append(if_not_exists(#items, :empty), :item), eventType = if_not_exists(eventType, :type), "
                            + "#source = if_not_exists(#source, :source), userId = :user, channel = :channel, category = :category, #ttl = :ttl ADD ids :ids")
                    .conditionExpression("attribute_not_exists(ids) OR NOT contains(ids, :id)")
                    .expressionAttributeNames(Map.of("#items", "items", "#source", "source", "#ttl", HeraldTopology.TTL_ATTRIBUTE))
                    .expressionAttributeValues(values).returnValues(ReturnValue.UPDATED_OLD)).attributes().containsKey("ids");
        } catch (ConditionalCheckFailedException redelivered) {
            first = true;
        } catch (DynamoDbException e) {
            // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-items
            if (e.statusCode() == 400 && String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("size")) {
                return false;
            }
            throw e;
        }
        if (first) {
            scheduleFlush(key, closes, now);
        }
        return true;
    }

    private void scheduleFlush(String key, Instant closes, Instant now) {
        long delay = Math.max(0, closes.getEpochSecond() - now.getEpochSecond());
        if (delay <= DeliveryProcessor.MAX_DELAY.toSeconds()) {
            sqs.sendMessage(r -> r.queueUrl(ingressQueueUrl).messageBody(flushMessage(key)).delaySeconds((int) delay)
                    .messageAttributes(Map.of(ATTRIBUTE, MessageAttributeValue.builder().dataType("String").stringValue(key).build())));
            return;
        }
        if (scheduler == null || ingressQueueArn == null) {
            throw new IllegalStateException("digest " + key + " closes at " + closes + ", more than 15 minutes ahead, and the router has no "
                    + "scheduler: set " + EnvNames.SCHEDULE_GROUP + ", " + EnvNames.SCHEDULER_ROLE_ARN + " and " + EnvNames.DEFERRAL_QUEUE_ARN
                    + " (the ingress queue's ARN) on the router, as the stack does");
        }
        scheduler.sendAt(PREFIX + key, ingressQueueArn, closes, flushMessage(key));
    }

    private static String flushMessage(String key) {
        return Json.write(Json.object().put(BODY_FIELD, key));
    }

    /**
     * The Herald event a flush message stands for: to the digest's user on its channel, with data {@code {count, items}},
     * notification id {@value #PREFIX} + a hash of the digest's key. Null when the digest is gone (expired).
     */
    String flushBody(String key, Instant now) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(Map.of("digestKey", AttributeValue.fromS(key)))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return null;
        }
        ObjectNode data = Json.object();
        var items = data.putArray("items");
        item.get("items").l().forEach(i -> items.add(Json.tree(i.s())));
        data.put("count", items.size());
        ObjectNode detail = Json.object();
        String id = PREFIX + hash(key);
        detail.put("notificationId", id);
        detail.putArray("recipients").add(item.get("userId").s());
        detail.putArray("channels").add(item.get("channel").s());
        if (!"-".equals(item.get("category").s())) {
            detail.put("category", item.get("category").s());
        }
        detail.set("data", data);
        ObjectNode event = Json.object();
        event.put("version", "0").put("id", id).put("detail-type", item.get("eventType").s()).put("source", item.get("source").s())
                .put("account", "000000000000").put("time", now.toString()).put("region", "herald");
        event.putArray("resources");
        event.set("detail", detail);
        return Json.write(event);
    }

    private static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }
}
