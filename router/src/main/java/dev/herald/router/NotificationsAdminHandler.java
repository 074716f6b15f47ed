package dev.herald.router;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.herald.common.aws.AwsClients;
import dev.herald.common.config.Clocks;
import dev.herald.common.config.EnvNames;
import dev.herald.common.config.Environment;
import dev.herald.common.http.HttpResponses;
import dev.herald.common.ledger.DynamoDbDeliveryLedger;
import dev.herald.common.orchestration.NotificationCancel;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code DELETE /v1/admin/notifications/{notificationId}} (HTTP API, payload format 2.0, JWT authorizer with
 * {@code herald/admin} in front): cancels what of a notification is not sent yet ({@link NotificationCancel}). Answers 200
 * {@code {"notificationId", "cancelled", "alreadyFinal"}}; 404 when the ledger knows no delivery of it; 409 when every delivery
 * was sent (or otherwise finished) before the cancel. The table is {@code HERALD_TABLE_DELIVERIES}.
 */
public final class NotificationsAdminHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationsAdminHandler.class);

    private final NotificationCancel cancel;

    public NotificationsAdminHandler() {
        this(AwsClients.create().dynamoDb(), Environment.current().required(EnvNames.TABLE_DELIVERIES));
    }

    /** The test seam: a real DynamoDB client and the Deliveries table's name. */
    NotificationsAdminHandler(DynamoDbClient dynamo, String table) {
        this.cancel = new NotificationCancel(dynamo, table, new DynamoDbDeliveryLedger(dynamo, table, Clocks.current()));
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String id = event.getPathParameters() == null ? null : event.getPathParameters().get("notificationId");
        if (id == null || id.isBlank()) {
            return HttpResponses.notFound("no notification id in the path; call DELETE /v1/admin/notifications/{notificationId}");
        }
        NotificationCancel.Result result = cancel.cancel(id);
        LOG.info("notification cancel notificationId={} result={}", id, result);
        return switch (result) {
            case NotificationCancel.Result.NotFound n -> HttpResponses.notFound("notification '" + id + "' has no deliveries in the ledger;"
                    + " check the id (the producer's notificationId, or the event id), or wait until the router has routed it");
            case NotificationCancel.Result.AlreadySent s -> HttpResponses.json(409, Map.of("message", "notification '" + id
                    + "' has nothing left to cancel: every delivery routed so far was sent or finished before (any part of a large audience still"
                    + " to be routed is written cancelled)", "statuses", s.statuses()));
            case NotificationCancel.Result.Cancelled c -> HttpResponses.json(200, Map.of("notificationId", id, "cancelled", c.cancelled(),
                    "alreadyFinal", c.alreadyFinal()));
        };
    }
}
