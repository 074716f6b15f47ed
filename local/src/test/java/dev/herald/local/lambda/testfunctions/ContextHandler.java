package dev.herald.local.lambda.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.herald.common.config.Environment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers what its execution environment looks like: the Context, the variables named in the
 * input's {@code env} list (from Herald's {@code Environment}), its class loader, and which handler
 * instance served the call.
 */
public class ContextHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private final int instance = INSTANCES.incrementAndGet();

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        context.getLogger().log("context handler called");
        Environment env = Environment.current();
        Map<String, Object> variables = new LinkedHashMap<>();
        for (String name : (List<String>) input.getOrDefault("env", List.of())) {
            variables.put(name, env.optional(name).orElse(null));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("functionName", context.getFunctionName());
        out.put("memoryLimitInMB", context.getMemoryLimitInMB());
        out.put("remainingTimeInMillis", context.getRemainingTimeInMillis());
        out.put("awsRequestId", context.getAwsRequestId());
        out.put("invokedFunctionArn", context.getInvokedFunctionArn());
        out.put("env", variables);
        out.put("threadContextLoaderIsOwn", Thread.currentThread().getContextClassLoader() == getClass().getClassLoader());
        out.put("loaderName", String.valueOf(getClass().getClassLoader().getName()));
        out.put("instance", instance);
        return out;
    }
}
