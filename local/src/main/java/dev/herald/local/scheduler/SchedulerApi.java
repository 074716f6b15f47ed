package dev.herald.local.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import dev.herald.local.EdgeComponent;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EventBridge Scheduler's API on the edge port (REST-JSON: {@code POST|GET|DELETE /schedules/{Name}},
 * {@code GET /schedules}), backed by the {@link LocalScheduler}, so {@code AWS_ENDPOINT_URL} sends the SDK's
 * {@code SchedulerClient} here. It serves one-time schedules ({@code at(yyyy-mm-ddThh:mm:ss)}, in
 * {@code ScheduleExpressionTimezone}, UTC by default) whose target is an SQS queue of {@code herald up}.
 * Failure behaviour as Scheduler: an existing name answers 409 {@code ConflictException}, an unknown one 404
 * {@code ResourceNotFoundException}, a rate/cron expression, a missing role or a target that is not one of the
 * runtime's queues 400 {@code ValidationException} with the reason.
 * https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html
 */
public final class SchedulerApi implements EdgeComponent {
    private static final Pattern AT = Pattern.compile("at\\((\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})\\)");
    private static final String DEFAULT_GROUP = "default";

    private final LocalScheduler scheduler;
    private final String arnPrefix;

    /** @param region and account for the schedules' ARNs */
    public SchedulerApi(LocalScheduler scheduler, String region, String account) {
        this.scheduler = scheduler;
        this.arnPrefix = "arn:aws:scheduler:" + region + ":" + account + ":schedule/";
    }

    @Override
    public void install(JavalinConfig config) {
        config.routes.post("/schedules/{name}", this::create);
        config.routes.get("/schedules/{name}", this::get);
        config.routes.delete("/schedules/{name}", this::delete);
        config.routes.get("/schedules", this::list);
    }

    private void create(Context ctx) {
        JsonNode in;
        try {
            in = ctx.body().isBlank() ? Json.object() : Json.tree(ctx.body());
        } catch (Json.JsonException e) {
            error(ctx, 400, "ValidationException", "the request body is not JSON: " + e.getMessage());
            return;
        }
        String name = ctx.pathParam("name");
        String group = in.path("GroupName").asText(DEFAULT_GROUP);
        String expression = in.path("ScheduleExpression").asText("");
        Matcher at = AT.matcher(expression);
        if (!at.matches()) {
            error(ctx, 400, "ValidationException", "herald up runs one-time schedules only: ScheduleExpression must be "
                    + "at(yyyy-mm-ddThh:mm:ss), was '" + expression + "'");
            return;
        }
        Instant when;
        try {
            when = LocalDateTime.parse(at.group(1)).atZone(ZoneId.of(in.path("ScheduleExpressionTimezone").asText("UTC"))).toInstant();
        } catch (DateTimeException e) {
            error(ctx, 400, "ValidationException", "invalid time or ScheduleExpressionTimezone: " + e.getMessage());
            return;
        }
        JsonNode target = in.path("Target");
        String targetArn = target.path("Arn").asText("");
        String roleArn = target.path("RoleArn").asText("");
        if (targetArn.isBlank() || roleArn.isBlank()) {
            error(ctx, 400, "ValidationException", "Target.Arn and Target.RoleArn are required");
            return;
        }
        boolean delete = "DELETE".equals(in.path("ActionAfterCompletion").asText("NONE"));
        try {
            scheduler.create(new LocalScheduler.Schedule(group, name, expression, when, targetArn, roleArn, target.path("Input").asText(""),
                    delete, false, Instant.now()));
        } catch (LocalScheduler.ConflictException e) {
            error(ctx, 409, "ConflictException", e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            error(ctx, 400, "ValidationException", e.getMessage());
            return;
        }
        ok(ctx, Json.object().put("ScheduleArn", arnPrefix + group + "/" + name));
    }

    private void get(Context ctx) {
        String group = groupOf(ctx);
        scheduler.get(group, ctx.pathParam("name")).ifPresentOrElse(s -> ok(ctx, describe(s, true)),
                () -> notFound(ctx, group, ctx.pathParam("name")));
    }

    private void delete(Context ctx) {
        String group = groupOf(ctx);
        if (scheduler.delete(group, ctx.pathParam("name"))) {
            ok(ctx, Json.object());
        } else {
            notFound(ctx, group, ctx.pathParam("name"));
        }
    }

    private void list(Context ctx) {
        String group = ctx.queryParam("ScheduleGroup");
        String prefix = ctx.queryParam("NamePrefix");
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("Schedules");
        scheduler.list().stream()
                .filter(s -> group == null || s.group().equals(group))
                .filter(s -> prefix == null || s.name().startsWith(prefix))
                .forEach(s -> list.add(describe(s, false)));
        ok(ctx, out);
    }

    private ObjectNode describe(LocalScheduler.Schedule s, boolean full) {
        ObjectNode out = Json.object();
        out.put("Arn", arnPrefix + s.group() + "/" + s.name()).put("Name", s.name()).put("GroupName", s.group())
                .put("State", "ENABLED").put("CreationDate", BigDecimal.valueOf(s.created().toEpochMilli()).movePointLeft(3));
        ObjectNode target = out.putObject("Target").put("Arn", s.targetArn());
        if (full) {
            out.put("ScheduleExpression", s.expression()).put("ScheduleExpressionTimezone", "UTC")
                    .put("ActionAfterCompletion", s.deleteAfterCompletion() ? "DELETE" : "NONE");
            out.putObject("FlexibleTimeWindow").put("Mode", "OFF");
            target.put("RoleArn", s.roleArn()).put("Input", s.input());
        }
        return out;
    }

    private static String groupOf(Context ctx) {
        String group = ctx.queryParam("groupName");
        return group == null || group.isBlank() ? DEFAULT_GROUP : group;
    }

    private static void notFound(Context ctx, String group, String name) {
        error(ctx, 404, "ResourceNotFoundException", "Schedule " + name + " does not exist in group " + group);
    }

    private static void ok(Context ctx, JsonNode body) {
        ctx.status(200).contentType("application/json").result(Json.write(body));
    }

    private static void error(Context ctx, int status, String type, String message) {
        ctx.status(status).header("x-amzn-ErrorType", type).contentType("application/json")
                .result(Json.write(Json.object().put("Message", message)));
    }
}
