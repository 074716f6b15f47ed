package dev.herald.local.dashboard;

import static dev.herald.local.dashboard.DashboardResponses.error;
import static dev.herald.local.dashboard.DashboardResponses.json;
import static dev.herald.local.dashboard.DashboardResponses.localCaller;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import dev.herald.common.ledger.DeliveryLedger;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.ledger.LedgerEntry;
import dev.herald.common.store.ConnectionStore;
import dev.herald.common.store.DeviceTokenStore;
import dev.herald.common.store.PreferenceStore;
import dev.herald.common.store.Preferences;
import dev.herald.common.store.ProfileStore;
import dev.herald.common.store.TopicStore;
import dev.herald.local.EdgeComponent;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.HashSet;
import java.util.Set;

/**
 * The users and topics pages' data, read from the stores the functions use:
 * <ul>
 *   <li>{@code GET /dashboard/api/users/{userId}/overview}: profile, preferences, devices (tokens shortened), open
 *       connections, topics, and the inbox (one entry per notification, newest first, without skipped and rejected rows);</li>
 *   <li>{@code GET /dashboard/api/topics/{topic}/members?cursor=&limit=}: a page of members in user id order (limit 1..1000,
 *       50 by default) and the cursor of the next page (absent on the last);</li>
 *   <li>{@code PUT|DELETE /dashboard/api/topics/{topic}/members/{userId}}: adds or removes a member.</li>
 * </ul>
 */
public final class UsersApi implements EdgeComponent {
    private static final int INBOX_ROWS = 100;
    private static final int DEFAULT_PAGE = 50;

    /** The stores the pages read; the ledger is the Deliveries table. */
    public record Stores(ProfileStore profiles, PreferenceStore preferences, DeviceTokenStore devices, ConnectionStore connections,
                         TopicStore topics, DeliveryLedger ledger) {
    }

    private final Stores stores;
    private final DashboardGuard guard;

    public UsersApi(Stores stores, DashboardGuard guard) {
        this.stores = stores;
        this.guard = guard;
    }

    @Override
    public void install(JavalinConfig config) {
        config.routes.get("/dashboard/api/users/{userId}/overview", guard.read(this::overview));
        config.routes.get("/dashboard/api/topics/{topic}/members", guard.read(this::members));
        config.routes.put("/dashboard/api/topics/{topic}/members/{userId}", guard.change(ctx -> member(ctx, true)));
        config.routes.delete("/dashboard/api/topics/{topic}/members/{userId}", guard.change(ctx -> member(ctx, false)));
    }

    private void overview(Context ctx) {
        if (!localCaller(ctx)) {
            return;
        }
        String userId = ctx.pathParam("userId");
        ObjectNode out = Json.object();
        out.put("userId", userId);
        stores.profiles().find(userId).ifPresentOrElse(p -> out.set("profile", Json.mapper().valueToTree(p)), () -> out.putNull("profile"));
        Preferences prefs = stores.preferences().find(userId).orElse(Preferences.none(userId));
        ObjectNode p = out.putObject("preferences");
        ArrayNode optOuts = p.putArray("optOuts");
        prefs.optOuts().stream().sorted().forEach(optOuts::add);
        prefs.quietHours().ifPresentOrElse(q -> p.put("quietHours", q.start() + "-" + q.end()), () -> p.putNull("quietHours"));
        p.put("timeZone", prefs.timeZone().getId());
        ArrayNode devices = out.putArray("devices");
        for (DeviceTokenStore.DeviceToken d : stores.devices().forUser(userId)) {
            ObjectNode device = devices.addObject();
            // a device token is a credential to push to that phone: the page shows its end only
            device.put("token", "…" + d.token().substring(Math.max(0, d.token().length() - 8)));
            device.put("platform", d.platform().wireName());
            device.put("app", d.app());
            device.put("lastSeen", String.valueOf(d.lastSeen()));
        }
        ArrayNode connections = out.putArray("connections");
        for (ConnectionStore.Connection c : stores.connections().forUser(userId)) {
            connections.addObject().put("connectionId", c.connectionId()).put("connectedAt", c.connectedAt().toString());
        }
        ArrayNode topics = out.putArray("topics");
        stores.topics().topicsOf(userId).forEach(topics::add);
        ArrayNode inbox = out.putArray("inbox");
        Set<String> seen = new HashSet<>();
        for (LedgerEntry e : stores.ledger().recentForUser(userId, INBOX_ROWS)) {
            if (e.status() == DeliveryStatus.SKIPPED || e.status() == DeliveryStatus.REJECTED || !seen.add(e.notificationId())) {
                continue;
            }
            inbox.addObject().put("notificationId", e.notificationId()).put("eventType", e.eventType()).put("title", e.title())
                    .put("body", e.body()).put("status", e.status().name().toLowerCase(java.util.Locale.ROOT))
                    .put("createdAt", String.valueOf(e.createdAt()));
        }
        json(ctx, 200, out);
    }

    private void members(Context ctx) {
        if (!localCaller(ctx)) {
            return;
        }
        int limit;
        try {
            limit = ctx.queryParam("limit") == null ? DEFAULT_PAGE : Integer.parseInt(ctx.queryParam("limit"));
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > TopicStore.MAX_PAGE_SIZE) {
            error(ctx, 400, "limit must be a whole number from 1 to " + TopicStore.MAX_PAGE_SIZE + ", not '" + ctx.queryParam("limit") + "'");
            return;
        }
        TopicStore.Page page;
        try {
            page = stores.topics().subscribers(ctx.pathParam("topic"), ctx.queryParam("cursor"), limit);
        } catch (IllegalArgumentException e) {
            error(ctx, 400, e.getMessage());
            return;
        }
        ObjectNode out = Json.object();
        out.put("topic", ctx.pathParam("topic"));
        ArrayNode members = out.putArray("members");
        page.userIds().forEach(members::add);
        page.nextPageToken().ifPresent(t -> out.put("cursor", t));
        json(ctx, 200, out);
    }

    private void member(Context ctx, boolean add) {
        if (!localCaller(ctx)) {
            return;
        }
        String topic = ctx.pathParam("topic");
        String userId = ctx.pathParam("userId");
        try {
            if (add) {
                stores.topics().subscribe(topic, userId);
            } else {
                stores.topics().unsubscribe(topic, userId);
            }
        } catch (IllegalArgumentException e) {
            error(ctx, 400, e.getMessage());
            return;
        }
        json(ctx, 200, Json.object().put("topic", topic).put("userId", userId).put("member", add));
    }
}
