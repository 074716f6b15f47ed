package dev.herald.local.clock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import dev.herald.local.EdgeComponent;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * {@code herald up}'s clock on the edge port, local only (no such path on AWS):
 * <ul>
 *   <li>{@code GET /_herald/clock}: {@code {"now", "offset", "adjustable"}};</li>
 *   <li>{@code POST /_herald/clock} with {@code {"advance": "PT30S"}}: moves the adjustable clock forward, fires what fell
 *       due (schedules, delayed messages) and answers the new time. 400 for a missing, malformed or negative duration;
 *       409 when {@code herald up} runs on the system clock (it was not started with the adjustable clock); 415 without
 *       {@code Content-Type: application/json} (so a web page elsewhere cannot post to it from a browser). Beyond loopback,
 *       the edge requires a SigV4 signature on this path as on every AWS API.</li>
 * </ul>
 */
public final class ClockApi implements EdgeComponent {
    public static final String PATH = "/_herald/clock";

    private final AdjustableClock clock;

    /** @param clock the adjustable clock, or null when herald up runs on the system clock */
    public ClockApi(AdjustableClock clock) {
        this.clock = clock;
    }

    @Override
    public void install(JavalinConfig config) {
        config.routes.get(PATH, this::get);
        config.routes.post(PATH, this::advance);
    }

    private void get(Context ctx) {
        ObjectNode out = Json.object();
        out.put("now", clock == null ? java.time.Instant.now().toString() : clock.now().toString());
        out.put("offset", clock == null ? Duration.ZERO.toString() : clock.offset().toString());
        out.put("adjustable", clock != null);
        ctx.contentType("application/json").result(Json.write(out));
    }

    private void advance(Context ctx) {
        if (clock == null) {
            error(ctx, 409, "herald up runs on the system clock, which cannot be moved; start it with the adjustable clock"
                    + " (RuntimeOptions#withAdjustableClock(true) in a test) to advance time");
            return;
        }
        String type = ctx.contentType();
        if (type == null || !type.startsWith("application/json")) {
            // a JSON body cannot come from a cross-site form or a "simple" fetch: a web page elsewhere cannot move the clock
            error(ctx, 415, "send the request with Content-Type: application/json and a body {\"advance\": \"PT30S\"}");
            return;
        }
        JsonNode in;
        try {
            in = Json.tree(ctx.body());
        } catch (RuntimeException e) {
            in = null;
        }
        String text = in == null ? null : in.path("advance").asText(null);
        if (text == null) {
            error(ctx, 400, "send {\"advance\": \"<ISO-8601 duration>\"}, e.g. {\"advance\": \"PT30S\"}");
            return;
        }
        Duration by;
        try {
            by = Duration.parse(text);
        } catch (DateTimeParseException e) {
            error(ctx, 400, "\"advance\" is '" + text + "', not an ISO-8601 duration; write e.g. \"PT30S\", \"PT15M\" or \"PT2H\"");
            return;
        }
        try {
            clock.advance(by);
        } catch (IllegalArgumentException e) {
            error(ctx, 400, e.getMessage());
            return;
        }
        get(ctx);
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status).contentType("application/json").result(Json.write(Json.object().put("message", message)));
    }
}
