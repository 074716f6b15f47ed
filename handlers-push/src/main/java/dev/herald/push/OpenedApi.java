package dev.herald.push;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.herald.common.delivery.DeliveryIds;
import dev.herald.common.http.HttpRequests;
import dev.herald.common.http.HttpResponses;
import dev.herald.common.http.JwtAuth;
import dev.herald.common.orchestration.ReadMarker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/notifications/{notificationId}/opened}: the app tells Herald the user opened a push. The caller's
 * rows for that notification become READ (the read-state contract), and its channel steps still pending are cancelled,
 * so no email follows a push the user opened. 204 when the caller had a row to mark; 404 when the caller has no
 * delivery of that notification (the same answer whether it does not exist or is another user's).
 */
final class OpenedApi {
    private static final Logger LOG = LoggerFactory.getLogger(OpenedApi.class);
    static final String PREFIX = "/v1/notifications/";
    static final String SUFFIX = "/opened";

    private final JwtAuth auth;
    private final ReadMarker marker;

    OpenedApi(JwtAuth auth, ReadMarker marker) {
        this.auth = auth;
        this.marker = marker;
    }

    APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        return auth.asUser(event, userId -> handle(event, userId));
    }

    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, String userId) {
        String route = HttpRequests.route(event);
        String path = event.getRawPath() == null ? "" : event.getRawPath();
        if (!route.startsWith("POST ") || !path.startsWith(PREFIX) || !path.endsWith(SUFFIX)
                || path.length() <= PREFIX.length() + SUFFIX.length()) {
            return HttpResponses.message(404, "no route " + route + "; use POST " + PREFIX + "{notificationId}" + SUFFIX);
        }
        String notificationId = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
        if (notificationId.contains("/") || notificationId.contains(DeliveryIds.SEPARATOR) || userId.contains(DeliveryIds.SEPARATOR)) {
            return HttpResponses.message(404, "no notification '" + notificationId + "'; notification and user ids contain no '/' or '"
                    + DeliveryIds.SEPARATOR + "'");
        }
        ReadMarker.Marked marked = marker.markRead(notificationId, userId);
        LOG.info("notification opened notificationId={} userId={} read={} cancelled={}", notificationId, userId, marked.read(), marked.cancelled());
        if (!marked.any()) {
            return HttpResponses.notFound("you have no sent delivery of notification '" + notificationId
                    + "' to mark read (it is unknown, not yours, not sent yet, or already read)");
        }
        return HttpResponses.noContent();
    }
}
