package dev.herald.local.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import dev.herald.local.EdgeComponent;
import dev.herald.local.emulators.FaultPlan;
import dev.herald.local.emulators.SentSms;
import dev.herald.local.emulators.SmsEmulator;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The dashboard's SMS section: what the SMS emulator sent, its opt-out list, and its faults. Behind the same
 * {@link DashboardGuard} and loopback check as the rest of the dashboard (the texts carry phone numbers).
 * <ul>
 *   <li>{@code GET /dashboard/api/sms}: {@code {"sent": [newest first, at most 50], "optedOut": [...], "throttled": n}};</li>
 *   <li>{@code POST /dashboard/api/sms/opt-outs} {@code {"phoneNumber": "+447400123456"}}: puts the number on the opt-out list;</li>
 *   <li>{@code POST /dashboard/api/sms/faults} {@code {"phoneNumber": "...", "times": n}}: the next {@code n} sends to it are
 *       throttled ({@code ThrottlingException}); {@code times} 0 clears the number's faults.</li>
 * </ul>
 */
public final class SmsDashboard implements EdgeComponent {
    private static final int LIST_LIMIT = 50;
    private final SmsEmulator sms;
    private final DashboardGuard guard;

    public SmsDashboard(SmsEmulator sms, DashboardGuard guard) {
        this.sms = sms;
        this.guard = guard;
    }

    @Override
    public void install(JavalinConfig config) {
        config.routes.get("/dashboard/api/sms", guard.read(this::list));
        config.routes.post("/dashboard/api/sms/opt-outs", guard.change(this::optOut));
        config.routes.post("/dashboard/api/sms/faults", guard.change(this::fault));
    }

    private void list(Context ctx) {
        if (!local(ctx)) {
            return;
        }
        List<SentSms> sent = new ArrayList<>(sms.sent());
        Collections.reverse(sent);
        ObjectNode out = Json.object();
        ArrayNode texts = out.putArray("sent");
        sent.stream().limit(LIST_LIMIT).forEach(s -> texts.add(Json.mapper().valueToTree(s)));
        ArrayNode optedOut = out.putArray("optedOut");
        sms.optedOut().stream().sorted().forEach(optedOut::add);
        out.put("throttled", sms.throttled());
        json(ctx, 200, out);
    }

    private void optOut(Context ctx) {
        if (!local(ctx)) {
            return;
        }
        String number = number(ctx);
        if (number == null) {
            return;
        }
        sms.optOut(number);
        json(ctx, 200, Json.object().put("optedOut", number));
    }

    private void fault(Context ctx) {
        if (!local(ctx)) {
            return;
        }
        String number = number(ctx);
        if (number == null) {
            return;
        }
        int times = Json.tree(ctx.body()).path("times").asInt(1);
        if (times <= 0) {
            sms.faults().clear(number);
        } else {
            sms.faults().inject(number, "ThrottlingException", Math.min(times, FaultPlan.ALWAYS));
        }
        json(ctx, 200, Json.object().put("phoneNumber", number).put("times", Math.max(times, 0)));
    }

    private static String number(Context ctx) {
        JsonNode body;
        try {
            body = Json.tree(ctx.body());
        } catch (Json.JsonException e) {
            body = null;
        }
        String number = body == null ? "" : body.path("phoneNumber").asText("");
        if (!number.matches("\\+[1-9][0-9]{1,14}")) {
            json(ctx, 400, Json.object().put("message", "send {\"phoneNumber\": \"+447400123456\"} (E.164), not '" + number + "'"));
            return null;
        }
        return number;
    }

    private static boolean local(Context ctx) {
        if (Dashboard.isLoopback(ctx.ip())) {
            return true;
        }
        json(ctx, 403, Json.object().put("message", "the dashboard shows phone numbers, so it answers only callers on this machine"));
        return false;
    }

    private static void json(Context ctx, int status, JsonNode body) {
        ctx.status(status).header("Cache-Control", "no-store").contentType("application/json").result(Json.write(body));
    }
}
