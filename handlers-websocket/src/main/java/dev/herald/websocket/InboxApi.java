package dev.herald.websocket;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.auth.JwtVerifier;
import dev.herald.common.http.HttpResponses;
import dev.herald.common.http.JwtAuth;
import dev.herald.common.json.Json;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.LedgerEntry;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The inbox routes of the HTTP API (payload format 2.0):
 * <ul>
 *   <li>{@code GET /v1/inbox?limit=N&cursor=C} - the caller's notifications, newest first, one entry per notification
 *       ({@link Inbox}): {@code {"items":[...],"unreadCount":N,"nextCursor":"..."}} (limit 1-100, default 20; no
 *       {@code nextCursor} on the last page);</li>
 *   <li>{@code POST /v1/inbox/{notificationId}/read} - marks one notification read (404 when the caller has none of that id);</li>
 *   <li>{@code POST /v1/inbox/read-all} - marks every unread notification read, {@code {"marked":N}};</li>
 *   <li>{@code GET /v1/deliveries/{deliveryId}} - one row, only if it is the caller's; 404 otherwise, with the same body
 *       whether the row is missing or another user's, so the answer never tells which ids exist.</li>
 * </ul>
 * The caller is the subject of the bearer token, verified here again although API Gateway's JWT
 * authorizer checked it already (defence in depth: a misconfigured route must not expose inboxes).
 * Errors are {@code {"message": "..."}} with 400, 401, 404 or 405, and 503 while tokens cannot be checked
 * (the JWT secret not yet stored, the identity provider's keys unreachable).
 */
final class InboxApi {
    private static final String INBOX = "/v1/inbox";
    private static final String DELIVERIES = "/v1/deliveries/";

    private static final String READ_ALL = "/v1/inbox/read-all";
    private static final String READ_SUFFIX = "/read";

    private final JwtAuth auth;
    private final DeliveryLedger ledger;
    private final Inbox notifications;

    InboxApi(JwtAuth auth, DeliveryLedger ledger, Inbox notifications) {
        this.auth = auth;
        this.ledger = ledger;
        this.notifications = notifications;
    }

    /** A fixed verifier (tests). */
    InboxApi(JwtVerifier verifier, DeliveryLedger ledger, Inbox notifications) {
        this(JwtAuth.of(verifier), ledger, notifications);
    }

    APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        return auth.asUser(event, userId -> handle(event, userId));
    }

    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, String userId) {
        String path = path(event);
        String method = method(event);
        if (path.endsWith(READ_ALL) || path.contains(INBOX + "/") && path.endsWith(READ_SUFFIX)) {
            if (!"POST".equals(method)) {
                return error(405, method + " is not allowed on " + path + "; use POST");
            }
            return path.endsWith(READ_ALL) ? readAll(userId) : read(userId, event, path);
        }
        boolean inbox = path.endsWith(INBOX);
        int at = path.indexOf(DELIVERIES);
        if (!inbox && at < 0) {
            return error(404, "no route " + method + " " + path + "; use GET /v1/inbox, POST /v1/inbox/{notificationId}/read, POST /v1/inbox/read-all or GET /v1/deliveries/{deliveryId}");
        }
        if (!"GET".equals(method)) {
            return error(405, method + " is not allowed on " + path + "; use GET");
        }
        return inbox ? inbox(userId, event.getQueryStringParameters()) : delivery(userId, deliveryId(event, path.substring(at + DELIVERIES.length())));
    }

    private APIGatewayV2HTTPResponse inbox(String userId, Map<String, String> query) {
        String raw = query == null ? null : query.get("limit");
        int limit = ClientRequest.DEFAULT_HISTORY_LIMIT;
        if (raw != null && !raw.isBlank()) {
            try {
                limit = Integer.parseInt(raw.trim());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > ClientRequest.MAX_HISTORY_LIMIT) {
                return error(400, "limit must be a whole number from 1 to " + ClientRequest.MAX_HISTORY_LIMIT + "; e.g. ?limit=20");
            }
        }
        String cursor = query == null || query.get("cursor") == null || query.get("cursor").isBlank() ? null : query.get("cursor").trim();
        try {
            return json(200, notifications.page(userId, cursor, limit));
        } catch (IllegalArgumentException badCursor) {
            return error(400, badCursor.getMessage());
        }
    }

    private APIGatewayV2HTTPResponse read(String userId, APIGatewayV2HTTPEvent event, String path) {
        Map<String, String> params = event.getPathParameters();
        String notificationId = params != null && params.get("notificationId") != null ? params.get("notificationId")
                : URLDecoder.decode(path.substring(path.indexOf(INBOX + "/") + INBOX.length() + 1, path.length() - READ_SUFFIX.length())
                .replace("+", "%2B"), StandardCharsets.UTF_8);
        if (notificationId.isBlank() || !notifications.markRead(userId, notificationId)) {
            // the same answer whether the notification is missing or someone else's
            return error(404, "you have no notification '" + notificationId + "' in your inbox; use a notificationId from GET /v1/inbox");
        }
        ObjectNode body = Json.object();
        body.put("notificationId", notificationId);
        body.put("read", true);
        return json(200, body);
    }

    private APIGatewayV2HTTPResponse readAll(String userId) {
        ObjectNode body = Json.object();
        body.put("marked", notifications.markAllRead(userId));
        return json(200, body);
    }

    private APIGatewayV2HTTPResponse delivery(String userId, String deliveryId) {
        if (deliveryId.isBlank()) {
            return error(404, "no delivery id in the path; use GET /v1/deliveries/{deliveryId}");
        }
        Optional<LedgerEntry> row = ledger.find(deliveryId).filter(e -> userId.equals(e.userId()));
        if (row.isEmpty()) {
            // the same answer whether the row is missing or someone else's: which ids exist stays secret (as on the WebSocket)
            return error(404, "you have no delivery '" + deliveryId + "'; use a deliveryId from GET /v1/inbox or a notification frame");
        }
        return json(200, LedgerItems.item(row.get()));
    }

    /** API Gateway decodes path parameters; a route without one (e.g. {@code $default}) gets the raw segment decoded. */
    private static String deliveryId(APIGatewayV2HTTPEvent event, String rawSegment) {
        Map<String, String> params = event.getPathParameters();
        if (params != null && params.get("deliveryId") != null) {
            return params.get("deliveryId");
        }
        return URLDecoder.decode(rawSegment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String path(APIGatewayV2HTTPEvent event) {
        String path = event.getRawPath();
        if (path == null && event.getRequestContext() != null && event.getRequestContext().getHttp() != null) {
            path = event.getRequestContext().getHttp().getPath();
        }
        return path == null ? "" : path;
    }

    private static String method(APIGatewayV2HTTPEvent event) {
        if (event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                && event.getRequestContext().getHttp().getMethod() != null) {
            return event.getRequestContext().getHttp().getMethod();
        }
        String route = event.getRouteKey();
        return route != null && route.contains(" ") ? route.substring(0, route.indexOf(' ')) : "GET";
    }

    static APIGatewayV2HTTPResponse error(int status, String message) {
        return HttpResponses.message(status, message);
    }

    // no-store (HttpResponses): an inbox is personal, no cache in between may keep it
    private static APIGatewayV2HTTPResponse json(int status, ObjectNode body) {
        return HttpResponses.json(status, body);
    }
}
