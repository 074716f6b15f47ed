package dev.herald.websocket;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;

/**
 * Sends one text frame to one connection through the WebSocket API's {@code @connections} management
 * API ({@code PostToConnection}) and turns the answer into a value: posted, gone (410: the client
 * disconnected; its row should go), too large (413: above the 128 KB frame limit; resending will not
 * help) or failed (throttling, 5xx, network, permissions: worth retrying).
 * https://docs.aws.amazon.com/apigateway/latest/api/apigatewaymanagementapi/API_PostToConnection.html
 */
final class FramePoster {
    /** What became of one post. */
    sealed interface PostResult {
        record Posted() implements PostResult {
        }

        record Gone() implements PostResult {
        }

        record TooLarge(String reason) implements PostResult {
        }

        record Failed(String reason) implements PostResult {
        }
    }

    private final ApiGatewayManagementApiClient api;

    FramePoster(ApiGatewayManagementApiClient api) {
        this.api = api;
    }

    /** Posts {@code frame}; never throws for an answer of the API or a network fault. */
    PostResult post(String connectionId, String frame) {
        try {
            api.postToConnection(r -> r.connectionId(connectionId).data(SdkBytes.fromUtf8String(frame)));
            return new PostResult.Posted();
        } catch (SdkServiceException e) {
            return classify(e);
        } catch (SdkClientException e) {
            return new PostResult.Failed("cannot reach the @connections API: " + e.getMessage()
                    + "; check HERALD_WEBSOCKET_MANAGEMENT_ENDPOINT and the function's network access");
        } catch (SdkException e) {
            return new PostResult.Failed("@connections call failed: " + e.getMessage());
        }
    }

    /** By HTTP status, so that an error without a recognised error type is classified the same way. */
    private static PostResult classify(SdkServiceException e) {
        int status = e.statusCode();
        return switch (status) {
            case 410 -> new PostResult.Gone();
            case 413 -> new PostResult.TooLarge("frame above API Gateway's 128 KB message limit: " + e.getMessage()
                    + "; shorten the rendered content or the data");
            case 403 -> new PostResult.Failed("forbidden by the @connections API: " + e.getMessage()
                    + "; grant this function execute-api:ManageConnections on the WebSocket API and check that "
                    + "HERALD_WEBSOCKET_MANAGEMENT_ENDPOINT names its stage");
            case 429 -> new PostResult.Failed("throttled by the @connections API (429); SQS will retry");
            default -> new PostResult.Failed("@connections API answered " + status + ": " + e.getMessage());
        };
    }
}
