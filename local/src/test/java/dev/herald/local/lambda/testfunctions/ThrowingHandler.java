package dev.herald.local.lambda.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** Always throws, with a message naming the input's {@code reason}. */
public class ThrowingHandler implements RequestHandler<Map<String, Object>, String> {
    @Override
    public String handleRequest(Map<String, Object> input, Context context) {
        throw new IllegalStateException("refused: " + input.get("reason"));
    }
}
