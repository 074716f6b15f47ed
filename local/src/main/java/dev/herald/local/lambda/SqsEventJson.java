package dev.herald.local.lambda;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The SQS event Lambda builds from received messages, field for field (see
 * {@code fixtures/sqs-ingress-batch.json}): {@code Records} of messageId, receiptHandle, body,
 * attributes (the system attributes SQS returned: ApproximateReceiveCount, SentTimestamp, SenderId,
 * ApproximateFirstReceiveTimestamp, ...), messageAttributes (with empty list values as Lambda writes
 * them), md5OfMessageAttributes (only when there are attributes), md5OfBody, eventSource,
 * eventSourceARN and awsRegion.
 * https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html#example-standard-queue-message-event
 */
final class SqsEventJson {
    private static final List<String> ATTRIBUTE_ORDER =
            List.of("ApproximateReceiveCount", "SentTimestamp", "SenderId", "ApproximateFirstReceiveTimestamp");

    private SqsEventJson() {
    }

    static String event(List<Message> messages, String queueArn, String region) {
        ObjectNode event = Json.object();
        ArrayNode records = event.putArray("Records");
        for (Message m : messages) {
            ObjectNode r = records.addObject();
            r.put("messageId", m.messageId());
            r.put("receiptHandle", m.receiptHandle());
            r.put("body", m.body());
            ObjectNode attributes = r.putObject("attributes");
            Map<String, String> system = m.attributesAsStrings();
            ATTRIBUTE_ORDER.forEach(name -> {
                if (system.containsKey(name)) {
                    attributes.put(name, system.get(name));
                }
            });
            system.forEach((name, value) -> {
                if (!attributes.has(name)) {
                    attributes.put(name, value);
                }
            });
            ObjectNode messageAttributes = r.putObject("messageAttributes");
            m.messageAttributes().forEach((name, value) -> messageAttributes.set(name, attribute(value)));
            if (m.md5OfMessageAttributes() != null && !m.messageAttributes().isEmpty()) {
                r.put("md5OfMessageAttributes", m.md5OfMessageAttributes());
            }
            r.put("md5OfBody", m.md5OfBody());
            r.put("eventSource", "aws:sqs");
            r.put("eventSourceARN", queueArn);
            r.put("awsRegion", region);
        }
        return Json.write(event);
    }

    private static ObjectNode attribute(MessageAttributeValue v) {
        ObjectNode a = Json.object();
        if (v.stringValue() != null) {
            a.put("stringValue", v.stringValue());
        }
        if (v.binaryValue() != null) {
            a.put("binaryValue", base64(v.binaryValue()));
        }
        ArrayNode strings = a.putArray("stringListValues");
        v.stringListValues().forEach(strings::add);
        ArrayNode binaries = a.putArray("binaryListValues");
        v.binaryListValues().forEach(b -> binaries.add(base64(b)));
        a.put("dataType", v.dataType());
        return a;
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }
}
