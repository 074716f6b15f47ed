package dev.herald.local.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import dev.herald.common.ledger.DeliveryStatus;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.EdgeComponent;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The dashboard's "Scheduled and pending" section: {@code GET /dashboard/api/waiting} lists the ledger rows that wait for
 * their time - scheduled sends ({@code scheduled}) and later channel steps ({@code pending}) - at most {@value #LIMIT}, as
 * {@code {"rows": [{deliveryId, notificationId, userId, channel, status, reason, createdAt}], "more": bool}}. A Scan of the
 * Deliveries table with a filter: fine for {@code herald up}'s small tables, which is the only place this runs. Loopback
 * callers only (the rows name users), through the {@link DashboardGuard}; 502 with the reason when the table cannot be read.
 */
public final class WaitingDeliveries implements EdgeComponent {
    private static final Logger LOG = LoggerFactory.getLogger(WaitingDeliveries.class);
    static final int LIMIT = 100;
    /** Scan pages read at most per request (1 MB each), so a large local table answers in bounded time. */
    private static final int MAX_PAGES = 20;

    private final DynamoDbClient dynamo;
    private final DashboardGuard guard;

    public WaitingDeliveries(DynamoDbClient dynamo, DashboardGuard guard) {
        this.dynamo = dynamo;
        this.guard = guard;
    }

    @Override
    public void install(JavalinConfig config) {
        config.routes.get("/dashboard/api/waiting", guard.read(this::waiting));
        config.routes.get("/dashboard/waiting.js", guard.read(this::script));
    }

    private void waiting(Context ctx) {
        if (!Dashboard.isLoopback(ctx.ip())) {
            reply(ctx, 403, message("the dashboard answers only callers on this machine; open it where herald up runs"));
            return;
        }
        ObjectNode body = Json.object();
        ArrayNode rows = body.putArray("rows");
        boolean more = false;
        try {
            Map<String, AttributeValue> start = null;
            int pages = 0;
            do {
                ScanResponse r = dynamo.scan(ScanRequest.builder().tableName(HeraldTopology.TABLE_DELIVERIES)
                        .filterExpression("#s IN (:scheduled, :pending)").expressionAttributeNames(Map.of("#s", "status"))
                        .expressionAttributeValues(Map.of(":scheduled", AttributeValue.fromS(DeliveryStatus.SCHEDULED.wireName()),
                                ":pending", AttributeValue.fromS(DeliveryStatus.PENDING.wireName())))
                        .exclusiveStartKey(start).build());
                for (Map<String, AttributeValue> item : r.items()) {
                    if (rows.size() == LIMIT) {
                        more = true;
                        break;
                    }
                    ObjectNode row = rows.addObject();
                    for (String field : new String[] {"deliveryId", "notificationId", "userId", "channel", "status", "reason", "createdAt"}) {
                        AttributeValue v = item.get(field);
                        row.put(field, v == null ? null : v.s());
                    }
                }
                start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
                more |= start != null && (rows.size() == LIMIT || ++pages == MAX_PAGES);
            } while (start != null && rows.size() < LIMIT && pages < MAX_PAGES);
        } catch (RuntimeException e) {
            LOG.warn("dashboard waiting rows failed error={}", e.toString());
            reply(ctx, 502, message("cannot read the Deliveries table: " + e.getMessage()));
            return;
        }
        body.put("more", more);
        reply(ctx, 200, body);
    }

    private void script(Context ctx) {
        try (InputStream in = WaitingDeliveries.class.getResourceAsStream("/dashboard/waiting.js")) {
            if (in == null) {
                ctx.status(500).result("dashboard asset waiting.js is missing from the classpath; rebuild the local module");
                return;
            }
            ctx.header("Content-Security-Policy", Dashboard.CSP).header("X-Content-Type-Options", "nosniff").header("Cache-Control", "no-store")
                    .contentType("text/javascript; charset=utf-8").result(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode message(String text) {
        ObjectNode body = Json.object();
        body.put("message", text);
        return body;
    }

    private static void reply(Context ctx, int status, ObjectNode body) {
        ctx.status(status).header("Cache-Control", "no-store").contentType("application/json").result(Json.write(body));
    }
}
