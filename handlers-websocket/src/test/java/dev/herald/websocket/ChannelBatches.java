package dev.herald.websocket;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.delivery.ChannelMessages;
import dev.herald.common.json.Json;
import dev.herald.common.lambda.LambdaJson;
import dev.herald.common.testing.Fixtures;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.topology.HeraldTopology;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Puts channel messages on the real {@code herald-websocket} queue (ElasticMQ), receives them, and hands
 * them over as the Lambda SQS event source mapping does: the {@code sqs-ingress-batch.json} fixture's
 * record shape with each received message's id, receipt handle, body, MD5 and attributes, read with
 * {@link LambdaJson} as the Lambda runtime reads it.
 */
final class ChannelBatches {
    private ChannelBatches() {
    }

    static SQSEvent of(ChannelMessage... messages) {
        var sqs = LocalEngines.get().sqs();
        String url = LocalEngines.get().queueUrl(HeraldTopology.QUEUE_WEBSOCKET);
        for (ChannelMessage m : messages) {
            sqs.sendMessage(r -> r.queueUrl(url).messageBody(ChannelMessages.toJson(m)));
        }
        List<Message> received = new ArrayList<>();
        while (received.size() < messages.length) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            if (batch.isEmpty()) {
                throw new IllegalStateException("sent " + messages.length + " messages, received " + received.size());
            }
            received.addAll(batch);
        }
        // as the event source mapping does once the batch is handed to the function, so no copy comes back later
        received.forEach(m -> sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(m.receiptHandle())));
        return event(received);
    }

    /** The Lambda event for messages received from the queue. */
    static SQSEvent event(List<Message> received) {
        ObjectNode fixture = (ObjectNode) Json.tree(Fixtures.read("sqs-ingress-batch.json"));
        ObjectNode template = (ObjectNode) fixture.get("Records").get(0);
        ArrayNode records = Json.mapper().createArrayNode();
        for (Message m : received) {
            ObjectNode r = template.deepCopy();
            r.put("messageId", m.messageId());
            r.put("receiptHandle", m.receiptHandle());
            r.put("body", m.body());
            r.put("md5OfBody", m.md5OfBody());
            r.put("eventSourceARN", r.get("eventSourceARN").asText().replace(HeraldTopology.QUEUE_INGRESS, HeraldTopology.QUEUE_WEBSOCKET));
            ObjectNode attributes = r.putObject("attributes");
            m.attributesAsStrings().forEach(attributes::put);
            r.putObject("messageAttributes");
            records.add(r);
        }
        fixture.set("Records", records);
        return LambdaJson.read(Json.write(fixture), SQSEvent.class);
    }
}
