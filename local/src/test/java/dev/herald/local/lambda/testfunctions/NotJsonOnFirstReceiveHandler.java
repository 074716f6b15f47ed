package dev.herald.local.lambda.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Answers a batch holding a first receive with text that is not JSON, any other batch with {@code {}}. */
public class NotJsonOnFirstReceiveHandler implements RequestStreamHandler {
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        boolean firstReceive = event.replace(" ", "").contains("\"ApproximateReceiveCount\":\"1\"");
        output.write((firstReceive ? "this is not json" : "{}").getBytes(StandardCharsets.UTF_8));
    }
}
