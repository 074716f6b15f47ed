package dev.herald.local.lambda.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Obeys each record's body: {@code ok}; {@code fail} (reported in batchItemFailures); {@code throw}
 * (the whole invocation throws); {@code unknown-id}, {@code null-id}, {@code empty-id} (a malformed
 * batch item failure). A {@code -first} suffix applies the command on the first receive only and
 * succeeds on redelivery.
 */
public class SqsCommandHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage m : event.getRecords()) {
            String command = m.getBody();
            if (command.endsWith("-first")) {
                if (!"1".equals(m.getAttributes().get("ApproximateReceiveCount"))) {
                    continue;
                }
                command = command.substring(0, command.length() - "-first".length());
            }
            switch (command) {
                case "fail" -> failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
                case "throw" -> throw new IllegalStateException("message " + m.getMessageId() + " asked the handler to throw");
                case "unknown-id" -> failures.add(new SQSBatchResponse.BatchItemFailure("not-a-message-of-this-batch"));
                case "null-id" -> failures.add(new SQSBatchResponse.BatchItemFailure(null));
                case "empty-id" -> failures.add(new SQSBatchResponse.BatchItemFailure(""));
                default -> {
                }
            }
        }
        return new SQSBatchResponse(failures);
    }
}
