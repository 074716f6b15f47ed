package dev.herald.common.schedule;

import dev.herald.common.topology.HeraldTopology;

import dev.herald.common.config.ConfigException;
import dev.herald.common.config.EnvNames;
import dev.herald.common.config.Environment;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;

/**
 * Sends a message to an SQS queue at a later time, through an EventBridge Scheduler one-time schedule
 * ({@code at(...)}, target the queue with the message as its input, deleted after it ran). This is how Herald
 * waits longer than SQS's 15-minute message delay - quiet hours, a later send time - without a function that
 * re-sends a message to its own queue (Lambda stops such SQS -> Lambda -> same queue chains after about 16 hops:
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-recursion.html).
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#one-time
 *
 * <p>Idempotent by name: scheduling a name that exists (a redelivered message scheduling again) is a no-op.
 * Failures are the SDK's exceptions (unchecked); the caller's message is then retried by its queue.
 * Under {@code herald up} the same calls reach its Scheduler emulator through {@code AWS_ENDPOINT_URL}.
 */
public final class MessageScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(MessageScheduler.class);
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    /**
     * @param group   the schedule group ({@value EnvNames#SCHEDULE_GROUP})
     * @param roleArn the role EventBridge Scheduler assumes to send to the queue ({@value EnvNames#SCHEDULER_ROLE_ARN})
     */
    public record Settings(String group, String roleArn) {
        /**
         * Both variables, or empty when neither is set (a function without long deferrals).
         *
         * @throws ConfigException when only one of them is set
         */
        public static Optional<Settings> fromEnvironment(Environment env) {
            Optional<String> group = env.optional(EnvNames.SCHEDULE_GROUP);
            Optional<String> role = env.optional(EnvNames.SCHEDULER_ROLE_ARN);
            if (group.isPresent() != role.isPresent()) {
                throw new ConfigException("set both " + EnvNames.SCHEDULE_GROUP + " and " + EnvNames.SCHEDULER_ROLE_ARN
                        + " (the stack sets them on every delivery function), or neither");
            }
            return group.map(g -> new Settings(g, role.get()));
        }
    }

    private final SchedulerClient client;
    private final Settings settings;

    public MessageScheduler(SchedulerClient client, Settings settings) {
        this.client = client;
        this.settings = settings;
    }

    /**
     * Schedules {@code body} to be sent to the queue {@code queueArn} at {@code at} (rounded up to the second, UTC).
     *
     * @param key what makes this send unique (a delivery id and its time); the same key schedules once
     * @return true when a schedule was created, false when one with this key existed already
     */
    public boolean sendAt(String key, String queueArn, Instant at, String body) {
        String name = scheduleName(key);
        Instant second = at.truncatedTo(ChronoUnit.SECONDS).equals(at) ? at : at.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        try {
            client.createSchedule(r -> r.name(name).groupName(settings.group())
                    .scheduleExpression("at(" + AT.format(second) + ")").scheduleExpressionTimezone("UTC")
                    .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                    .actionAfterCompletion(ActionAfterCompletion.DELETE)
                    // a target that keeps refusing the message (a deleted queue, a lost permission) sends it to the queue's DLQ
                    // with Scheduler's reason, instead of Scheduler dropping it after its retries
                    .target(t -> t.arn(queueArn).roleArn(settings.roleArn()).input(body)
                            .deadLetterConfig(d -> d.arn(queueArn + HeraldTopology.DLQ_SUFFIX))
                            .retryPolicy(p -> p.maximumEventAgeInSeconds((int) Duration.ofHours(24).toSeconds()).maximumRetryAttempts(185))));
            LOG.info("message scheduled schedule={} group={} at={}", name, settings.group(), second);
            return true;
        } catch (ConflictException e) {
            LOG.info("message already scheduled schedule={} group={}", name, settings.group());
            return false;
        }
    }

    /** A schedule name (at most 64 of {@code [0-9a-zA-Z-_.]}) derived from {@code key}. */
    static String scheduleName(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "herald-" + HexFormat.of().formatHex(digest, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
