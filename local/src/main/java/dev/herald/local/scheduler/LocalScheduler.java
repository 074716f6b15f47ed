package dev.herald.local.scheduler;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.herald.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * EventBridge Scheduler's one-time schedules under {@code herald up}: each schedule sends its input to its target
 * SQS queue once its time has come ({@link #fireDue()}, run every second after {@link #start()}, or by a test that
 * moves the clock), then is deleted ({@code ActionAfterCompletion: DELETE}) or kept as completed ({@code NONE}).
 * The schedules are kept in {@code <dataDir>/schedules.json}, rewritten on every change, so a restart keeps a
 * quiet-hours delivery that is still waiting. Thread-safe.
 *
 * <p>Failure behaviour: {@link #create} of an existing name in the group throws {@link ConflictException}; a target
 * that is not a queue of this runtime throws {@link IllegalArgumentException} naming the queues there are; a send
 * that fails is logged and tried again on the next tick (Scheduler retries a failed target for up to 24 hours).
 */
public final class LocalScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalScheduler.class);

    /**
     * One schedule.
     *
     * @param at        when it fires (UTC)
     * @param deleteAfterCompletion whether it is deleted once it fired ({@code ActionAfterCompletion: DELETE})
     * @param completed whether it fired (kept only without delete-after-completion)
     */
    public record Schedule(String group, String name, String expression, Instant at, String targetArn, String roleArn, String input,
                           boolean deleteAfterCompletion, boolean completed, Instant created) {
        String key() {
            return group + "/" + name;
        }
    }

    /** A schedule of that name exists in the group. */
    public static final class ConflictException extends RuntimeException {
        ConflictException(String message) {
            super(message);
        }
    }

    private final Path file;
    private final Clock clock;
    private final SqsClient sqs;
    private final Function<String, Optional<String>> queueUrlByArn;
    private final Map<String, Schedule> schedules = new LinkedHashMap<>();
    private final AtomicLong fired = new AtomicLong();
    private ScheduledExecutorService ticker;

    /**
     * @param file          where schedules are kept (null: in memory only)
     * @param queueUrlByArn a queue's URL by its ARN, empty for a queue this runtime does not have
     */
    public LocalScheduler(Path file, Clock clock, SqsClient sqs, Function<String, Optional<String>> queueUrlByArn) {
        this.file = file;
        this.clock = clock;
        this.sqs = sqs;
        this.queueUrlByArn = queueUrlByArn;
        if (file != null && Files.exists(file)) {
            try {
                List<Schedule> kept = Json.mapper().readValue(Files.readString(file), new TypeReference<List<Schedule>>() { });
                kept.forEach(s -> schedules.put(s.key(), s));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the kept schedules in " + file + "; fix or delete the file (its schedules are lost)", e);
            }
        }
    }

    /** Fires due schedules every second until {@link #close()}. */
    public synchronized LocalScheduler start() {
        if (ticker == null) {
            ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("herald-scheduler").factory());
            ticker.scheduleWithFixedDelay(this::fireDueQuietly, 1, 1, TimeUnit.SECONDS);
        }
        return this;
    }

    /** Adds a schedule; returns its ARN. */
    public synchronized Schedule create(Schedule schedule) {
        if (schedules.containsKey(schedule.key())) {
            throw new ConflictException("Schedule " + schedule.name() + " already exists in group " + schedule.group());
        }
        if (queueUrlByArn.apply(schedule.targetArn()).isEmpty()) {
            throw new IllegalArgumentException("the target " + schedule.targetArn() + " is not a queue of herald up; its schedules send to"
                    + " its SQS queues only (arn:aws:sqs:<region>:000000000000:<queue>)");
        }
        schedules.put(schedule.key(), schedule);
        save();
        return schedule;
    }

    public synchronized Optional<Schedule> get(String group, String name) {
        return Optional.ofNullable(schedules.get(group + "/" + name));
    }

    /** Removes a schedule; false when there was none. */
    public synchronized boolean delete(String group, String name) {
        boolean removed = schedules.remove(group + "/" + name) != null;
        if (removed) {
            save();
        }
        return removed;
    }

    /** Every schedule, in the order of their time. */
    public synchronized List<Schedule> list() {
        return schedules.values().stream().sorted(Comparator.comparing(Schedule::at)).toList();
    }

    /** Schedules that have fired since start. */
    public long fired() {
        return fired.get();
    }

    /** Sends every schedule whose time has come to its queue; returns how many fired. */
    public synchronized int fireDue() {
        Instant now = clock.instant();
        List<Schedule> due = new ArrayList<>(schedules.values().stream().filter(s -> !s.completed() && !s.at().isAfter(now)).toList());
        int count = 0;
        for (Schedule s : due) {
            Optional<String> url = queueUrlByArn.apply(s.targetArn());
            if (url.isEmpty()) {
                LOG.error("schedule target gone; the schedule is kept schedule={} target={}", s.key(), s.targetArn());
                continue;
            }
            sqs.sendMessage(r -> r.queueUrl(url.get()).messageBody(s.input()));
            fired.incrementAndGet();
            count++;
            if (s.deleteAfterCompletion()) {
                schedules.remove(s.key());
            } else {
                schedules.put(s.key(), new Schedule(s.group(), s.name(), s.expression(), s.at(), s.targetArn(), s.roleArn(), s.input(),
                        false, true, s.created()));
            }
            LOG.info("schedule fired schedule={} at={} target={}", s.key(), s.at(), s.targetArn());
        }
        if (count > 0) {
            save();
        }
        return count;
    }

    private void fireDueQuietly() {
        try {
            fireDue();
        } catch (RuntimeException e) {
            LOG.warn("firing due schedules failed; tried again in a second error={}", e.toString());
        }
    }

    private void save() {
        if (file == null) {
            return;
        }
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, Json.write(new ArrayList<>(schedules.values())));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the schedules in " + file + "; check the data directory's permissions", e);
        }
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
    }
}
