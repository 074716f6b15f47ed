package dev.herald.local.lambda;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import dev.herald.local.EdgeComponent;
import dev.herald.local.FunctionInvoker;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lambda Invoke REST API on the edge port, as the SDK's {@code LambdaClient.invoke} and
 * {@code aws lambda invoke} call it: {@code POST /2015-03-31/functions/{name}/invocations}.
 * <ul>
 *   <li>{@code RequestResponse} (default): 200 with the function's answer; a {@link FunctionInvoker.FunctionError}
 *       is also 200, with {@code X-Amz-Function-Error: Unhandled} and {@code {"errorMessage","errorType"}};</li>
 *   <li>{@code Event}: 202 at once, the function runs on a virtual thread (errors logged; Lambda's two
 *       async retries and destinations are not emulated); {@code DryRun}: 204;</li>
 *   <li>an unknown function: 404 {@code ResourceNotFoundException}; a throttled one: 429
 *       {@code TooManyRequestsException}; both with {@code x-amzn-ErrorType}, as the REST-JSON protocol reads errors.</li>
 * </ul>
 * The name may be a function name, a name with {@code :qualifier}, or a full or partial ARN; the
 * qualifier is ignored (every function is {@code $LATEST} here). Signatures are not checked.
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 */
public final class LambdaInvokeApi implements EdgeComponent {
    private static final Logger LOG = LoggerFactory.getLogger(LambdaInvokeApi.class);
    static final String PATH = "/2015-03-31/functions/{name}/invocations";

    private final FunctionInvoker invoker;
    private final ExecutorService async = Executors.newVirtualThreadPerTaskExecutor();

    public LambdaInvokeApi(FunctionInvoker invoker) {
        this.invoker = invoker;
    }

    @Override
    public void install(JavalinConfig config) {
        config.routes.post(PATH, this::invoke);
    }

    private void invoke(Context ctx) {
        String name = functionName(ctx.pathParam("name"));
        String payload = new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8);
        String type = ctx.header("X-Amz-Invocation-Type");
        ctx.header("X-Amz-Executed-Version", "$LATEST");
        if ("DryRun".equals(type)) {
            ctx.status(204);
            return;
        }
        if ("Event".equals(type)) {
            async.execute(() -> invokeAsync(name, payload));
            ctx.status(202);
            return;
        }
        if (type != null && !"RequestResponse".equals(type)) {
            error(ctx, 400, "InvalidParameterValueException", "X-Amz-Invocation-Type " + type + " is not RequestResponse, Event or DryRun");
            return;
        }
        try {
            String answer = invoker.invoke(name, payload);
            ctx.status(200).contentType("application/json").result(answer == null ? "" : answer);
        } catch (FunctionNotFoundException e) {
            error(ctx, 404, "ResourceNotFoundException", "Function not found: " + name);
        } catch (FunctionInvoker.FunctionError e) {
            if (HostedFunction.THROTTLED.equals(e.errorType())) {
                ObjectNode body = Json.object().put("Reason", "ReservedFunctionConcurrentInvocationLimitExceeded").put("Type", "User")
                        .put("message", e.getMessage());
                ctx.status(429).header("x-amzn-ErrorType", "TooManyRequestsException").contentType("application/json").result(Json.write(body));
                return;
            }
            ObjectNode body = Json.object().put("errorMessage", e.getMessage()).put("errorType", e.errorType());
            ctx.status(200).header("X-Amz-Function-Error", "Unhandled").contentType("application/json").result(Json.write(body));
        }
    }

    private void invokeAsync(String name, String payload) {
        try {
            invoker.invoke(name, payload);
        } catch (RuntimeException e) {
            LOG.warn("async invocation failed function={} error={}", name, e.getMessage());
        }
    }

    /** {@code arn:aws:lambda:r:a:function:name[:q]}, {@code a:function:name[:q]} or {@code name[:q]} to the name. */
    static String functionName(String given) {
        String[] parts = given.split(":");
        int at = -1;
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].equals("function") && i + 1 < parts.length) {
                at = i + 1;
            }
        }
        return at >= 0 ? parts[at] : parts[0];
    }

    private static void error(Context ctx, int status, String type, String message) {
        ctx.status(status).header("x-amzn-ErrorType", type).contentType("application/json")
                .result(Json.write(Json.object().put("Type", "User").put("message", message)));
    }
}
