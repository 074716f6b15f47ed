package dev.herald.local.lambda.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Answers what it read from a typed SQSEvent, to show the runtime's deserialization. */
public class SqsSummaryHandler implements RequestHandler<SQSEvent, Map<String, Object>> {
    @Override
    public Map<String, Object> handleRequest(SQSEvent event, Context context) {
        List<String> ids = new ArrayList<>();
        List<String> receiveCounts = new ArrayList<>();
        List<String> sentBy = new ArrayList<>();
        List<String> arns = new ArrayList<>();
        for (SQSEvent.SQSMessage m : event.getRecords()) {
            ids.add(m.getMessageId());
            receiveCounts.add(m.getAttributes().get("ApproximateReceiveCount"));
            SQSEvent.MessageAttribute a = m.getMessageAttributes().get("sent-by");
            sentBy.add(a == null ? null : a.getDataType() + ":" + a.getStringValue());
            arns.add(m.getEventSourceArn());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("messageIds", ids);
        out.put("receiveCounts", receiveCounts);
        out.put("sentBy", sentBy);
        out.put("eventSourceARNs", arns);
        return out;
    }
}
