package dev.herald.local.lambda;

import dev.herald.common.topology.FunctionSpec;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the {@code Context} a handler receives. The handler sees the {@code Context} and
 * {@code LambdaLogger} interfaces of its own jar (its class loader does not share them with the
 * host), so both are dynamic proxies of those interfaces. Log lines go to the SLF4J logger
 * {@code lambda.<function>}, as Lambda sends them to the function's log group.
 * https://docs.aws.amazon.com/lambda/latest/dg/java-context.html
 */
final class LambdaContexts {
    static final String CONTEXT = "com.amazonaws.services.lambda.runtime.Context";
    private static final String LOGGER = "com.amazonaws.services.lambda.runtime.LambdaLogger";

    private final ClassLoader loader;
    private final Class<?> contextInterface;
    private final FunctionSpec spec;
    private final String functionArn;
    private final Object logger;

    LambdaContexts(ClassLoader loader, FunctionSpec spec, String region, String account) throws ClassNotFoundException {
        this.loader = loader;
        this.contextInterface = Class.forName(CONTEXT, false, loader);
        this.spec = spec;
        this.functionArn = "arn:aws:lambda:" + region + ":" + account + ":function:" + spec.name();
        Logger log = LoggerFactory.getLogger("lambda." + spec.name());
        Class<?> loggerInterface = Class.forName(LOGGER, false, loader);
        this.logger = Proxy.newProxyInstance(loader, new Class<?>[] {loggerInterface}, loggerHandler(log));
    }

    Class<?> contextInterface() {
        return contextInterface;
    }

    /**
     * @param environmentId names the execution environment in the log stream name, as Lambda does
     * @param deadlineNanos {@link System#nanoTime()} at which the invocation times out
     */
    Object context(String requestId, String environmentId, long deadlineNanos) {
        String logStream = LocalDate.now(ZoneOffset.UTC).toString().replace('-', '/') + "/[$LATEST]" + environmentId;
        InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
            case "getAwsRequestId" -> requestId;
            case "getLogGroupName" -> "/aws/lambda/" + spec.name();
            case "getLogStreamName" -> logStream;
            case "getFunctionName" -> spec.name();
            case "getFunctionVersion" -> "$LATEST";
            case "getInvokedFunctionArn" -> functionArn;
            // clamped: System.nanoTime() may disagree by milliseconds between CPUs (seen on VMs with a TSC clock)
            case "getRemainingTimeInMillis" -> (int) Math.clamp((deadlineNanos - System.nanoTime()) / 1_000_000, 0, spec.timeout().toMillis());
            case "getMemoryLimitInMB" -> spec.memoryMb();
            case "getLogger" -> logger;
            case "toString" -> "LambdaContext[" + spec.name() + ", " + requestId + "]";
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> method.isDefault() ? InvocationHandler.invokeDefault(proxy, method, args) : null;
        };
        return Proxy.newProxyInstance(loader, new Class<?>[] {contextInterface}, handler);
    }

    private static InvocationHandler loggerHandler(Logger log) {
        return (proxy, method, args) -> {
            if (method.getName().equals("log") && args != null && args.length >= 1) {
                Object message = args[0];
                String text = message instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(message);
                log(log, args.length > 1 && args[1] != null ? args[1].toString() : "INFO", text.stripTrailing());
                return null;
            }
            return objectMethod(proxy, method, args);
        };
    }

    private static void log(Logger log, String level, String text) {
        switch (level) {
            case "FATAL", "ERROR" -> log.error(text);
            case "WARN" -> log.warn(text);
            case "DEBUG" -> log.debug(text);
            case "TRACE" -> log.trace(text);
            default -> log.info(text);
        }
    }

    private static Object objectMethod(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            case "toString" -> "LambdaLogger";
            default -> null;
        };
    }
}
