package dev.herald.local.lambda;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.amazonaws.services.lambda.runtime.serialization.util.SerializeUtil;
import dev.herald.common.topology.FunctionSpec;
import dev.herald.local.FunctionInvoker.FunctionError;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * A function's handler class, loaded by name from the function's own class loader, and how to call
 * it as the Lambda Java runtime does:
 * <ul>
 *   <li>{@code RequestStreamHandler}: the payload bytes in, whatever it writes out;</li>
 *   <li>{@code RequestHandler<I, O>}: the payload read into {@code I} and {@code O} written back, with
 *       {@code LambdaEventSerializers.serializerFor(type, functionClassLoader)} for the Lambda event
 *       types it supports ({@code SQSEvent}, {@code ScheduledEvent}, ...) and the runtime's
 *       {@code JacksonFactory} for every other type ({@code APIGatewayV2WebSocketEvent}, POJOs, maps).</li>
 * </ul>
 * The serialization library runs in the host, like the Lambda runtime's own copy; the event classes
 * it fills come from the function's jar. https://docs.aws.amazon.com/lambda/latest/dg/java-handler.html
 */
final class HandlerClass {
    private static final String REQUEST_HANDLER = "com.amazonaws.services.lambda.runtime.RequestHandler";
    private static final String REQUEST_STREAM_HANDLER = "com.amazonaws.services.lambda.runtime.RequestStreamHandler";
    private static final byte[] NULL_JSON = "null".getBytes(StandardCharsets.US_ASCII);

    private final Class<?> type;
    private final Method handleRequest;
    private final boolean stream;
    private final PojoSerializer<Object> input;
    private final PojoSerializer<Object> output;
    private final LambdaContexts contexts;

    private HandlerClass(Class<?> type, Method handleRequest, boolean stream, PojoSerializer<Object> input,
                         PojoSerializer<Object> output, LambdaContexts contexts) {
        this.type = type;
        this.handleRequest = handleRequest;
        this.stream = stream;
        this.input = input;
        this.output = output;
        this.contexts = contexts;
    }

    /** Loads and checks the handler class; a class Lambda could not run either is a {@link FunctionError}. */
    static HandlerClass load(FunctionSpec spec, ClassLoader loader, String where, String region, String account) {
        Class<?> type;
        LambdaContexts contexts;
        Class<?> requestHandler;
        Class<?> streamHandler;
        try {
            type = Class.forName(spec.handlerClass(), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new FunctionError("java.lang.ClassNotFoundException", "Class not found: " + spec.handlerClass()
                    + " (function " + spec.name() + ", " + where + "); check the Topology's handler class and rebuild with ./mvnw -DskipTests package", e);
        }
        try {
            contexts = new LambdaContexts(loader, spec, region, account);
            requestHandler = Class.forName(REQUEST_HANDLER, false, loader);
            streamHandler = Class.forName(REQUEST_STREAM_HANDLER, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new FunctionError("Runtime.ImportModuleError", "function " + spec.name() + ": " + where
                    + " has no aws-lambda-java-core (" + e.getMessage() + "); the function module must depend on it (herald-common does)", e);
        }
        if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())) {
            throw new FunctionError("Runtime.InvalidEntrypoint", "handler " + type.getName() + " of function " + spec.name()
                    + " must be a public, concrete class", null);
        }
        try {
            if (streamHandler.isAssignableFrom(type)) {
                Method m = streamHandler.getMethod("handleRequest", InputStream.class, OutputStream.class, contexts.contextInterface());
                return new HandlerClass(type, m, true, null, null, contexts);
            }
            if (requestHandler.isAssignableFrom(type)) {
                Type[] io = HandlerTypes.typeArguments(type, requestHandler);
                Method m = requestHandler.getMethod("handleRequest", Object.class, contexts.contextInterface());
                return new HandlerClass(type, m, false, serializer(io[0], loader), serializer(io[1], loader), contexts);
            }
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("aws-lambda-java-core in " + where + " has no handleRequest method: " + e.getMessage(), e);
        }
        throw new FunctionError("Runtime.InvalidEntrypoint", "handler " + type.getName() + " of function " + spec.name()
                + " implements neither RequestHandler nor RequestStreamHandler", null);
    }

    /** The Lambda runtime's choice of serializer for a handler's input or output type. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static PojoSerializer<Object> serializer(Type t, ClassLoader loader) {
        if (t instanceof Class<?> c && LambdaEventSerializers.isLambdaSupportedEvent(c.getName())) {
            synchronized (SerializeUtil.class) {
                forgetLoadedEventClasses();
                return (PojoSerializer) LambdaEventSerializers.serializerFor(c, loader);
            }
        }
        return JacksonFactory.getInstance().getSerializer(t);
    }

    /**
     * The serialization library remembers, by name, the first class it loaded for a nested event type
     * ({@code SerializeUtil.cachedClasses}), as fits Lambda's one function per JVM. Here every artifact has a class
     * loader of its own: without this, the second artifact's {@code SQSEvent.SQSMessage} got the first one's mix-in, and
     * its records lost {@code eventSourceARN}.
     */
    private static void forgetLoadedEventClasses() {
        try {
            java.lang.reflect.Field cache = SerializeUtil.class.getDeclaredField("cachedClasses");
            cache.setAccessible(true);
            ((java.util.Map<?, ?>) cache.get(null)).clear();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("aws-lambda-java-serialization changed: SerializeUtil.cachedClasses cannot be cleared ("
                    + e + "); the host cannot give each function jar its own event classes", e);
        }
    }

    /** Runs the handler's public no-arg constructor (its init phase). */
    Object newInstance() {
        try {
            return type.getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw functionError(e.getCause());
        } catch (NoSuchMethodException e) {
            throw new FunctionError("Runtime.InvalidEntrypoint", "handler " + type.getName() + " has no public no-arg constructor", e);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw functionError(e);
        }
    }

    LambdaContexts contexts() {
        return contexts;
    }

    /** One invocation; the handler's own exception comes back as a {@link FunctionError}. */
    byte[] invoke(Object instance, byte[] payload, Object context) {
        try {
            if (stream) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                handleRequest.invoke(instance, new ByteArrayInputStream(payload), out, context);
                return out.toByteArray();
            }
            Object event;
            try {
                event = input.fromJson(new ByteArrayInputStream(payload.length == 0 ? NULL_JSON : payload));
            } catch (RuntimeException e) {
                // as the Java runtime reports an input its serializer cannot read
                throw new FunctionError("java.lang.RuntimeException", "An error occurred during JSON parsing: " + e.getMessage(), e);
            }
            Object result = handleRequest.invoke(instance, event, context);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            output.toJson(result, out);
            return out.toByteArray();
        } catch (InvocationTargetException e) {
            throw functionError(e.getCause());
        } catch (IllegalAccessException e) {
            throw functionError(e);
        }
    }

    /** Lambda's Java runtime reports the exception's class name and message. */
    static FunctionError functionError(Throwable t) {
        if (t instanceof FunctionError f) {
            return f;
        }
        String message = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
        return new FunctionError(t.getClass().getName(), message, t);
    }
}
