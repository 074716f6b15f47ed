package dev.herald.local.lambda;

/**
 * The function name is not in the Topology: Lambda's {@code ResourceNotFoundException}. Thrown by
 * {@link LambdaHost#invoke}; {@link LambdaInvokeApi} answers it with 404.
 */
public final class FunctionNotFoundException extends IllegalArgumentException {
    private final String functionName;

    public FunctionNotFoundException(String functionName, java.util.Collection<String> known) {
        super("Function not found: " + functionName + "; the Topology has " + known);
        this.functionName = functionName;
    }

    public String functionName() {
        return functionName;
    }
}
