package dev.herald.local;

/**
 * Invokes a function of the Topology by name, synchronously, as the Lambda Invoke API does
 * (RequestResponse). Implemented by the local Lambda host; used by the WebSocket gateway, the HTTP
 * API emulation and the Invoke endpoint.
 */
public interface FunctionInvoker {
    /**
     * @param functionName a function name from the Topology, e.g. {@code herald-ws-connect}
     * @param payloadJson  the event, as Lambda would pass it (API Gateway proxy event, SQS event, ...)
     * @return the handler's response serialized as the Lambda runtime serializes it
     * @throws FunctionError when the handler threw (Lambda's {@code FunctionError: Unhandled})
     */
    String invoke(String functionName, String payloadJson);

    /** The handler threw; carries the error type and message Lambda would report. */
    final class FunctionError extends RuntimeException {
        private final String errorType;

        public FunctionError(String errorType, String message, Throwable cause) {
            super(message, cause);
            this.errorType = errorType;
        }

        public String errorType() {
            return errorType;
        }
    }
}
