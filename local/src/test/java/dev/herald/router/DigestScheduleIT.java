package dev.herald.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.delivery.ChannelMessages;
import dev.herald.common.event.Channel;
import dev.herald.common.json.Json;
import dev.herald.common.schedule.MessageScheduler;
import dev.herald.common.store.DynamoDbPreferenceStore;
import dev.herald.common.store.Preferences;
import dev.herald.common.testing.ClockedSqs;
import dev.herald.common.testing.LocalEngines;
import dev.herald.common.testing.ManualClock;
import dev.herald.common.topology.HeraldTopology;
import dev.herald.local.edge.EdgeServer;
import dev.herald.local.scheduler.LocalScheduler;
import dev.herald.local.scheduler.SchedulerApi;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;

/**
 * Digests that close more than 15 minutes ahead, on a clock the test moves: the router (wired as on Lambda, with the
 * {@link MessageScheduler} of its environment) schedules the flush through the SDK's SchedulerClient on {@code herald up}'s
 * Scheduler API, whose one-time schedule puts it on the ingress queue (ElasticMQ on the same clock) when the digest closes.
 * The test plays Lambda's event source mappings at each step. It lives in the router's package (in this module, which has
 * the Scheduler emulator) to reach the router's test seam.
 */
class DigestScheduleIT {
    private static final String ROLE = "arn:aws:iam::000000000000:role/herald-scheduler";
    private static final String INGRESS_ARN = "arn:aws:sqs:elasticmq:000000000000:" + HeraldTopology.QUEUE_INGRESS;

    /** Midnight of the simulated day, ahead of the real clock ({@link ManualClock#dayAfterTomorrow}). */
    private static final Instant DAY = ManualClock.dayAfterTomorrow("00:00");

    private ManualClock clock;
    private ClockedSqs sqs;
    private LocalScheduler scheduler;
    private EdgeServer edge;
    private SchedulerClient client;
    private RouterHandler router;
    private final List<ChannelMessage> emails = new ArrayList<>();
    private int failed;

    /** {@code hhmm} UTC on the simulated day. */
    private static Instant at(String hhmm) {
        return DAY.plus(Duration.between(java.time.LocalTime.MIDNIGHT, java.time.LocalTime.parse(hhmm)));
    }

    private void start(Instant now, String digest) {
        clock = new ManualClock(now);
        sqs = new ClockedSqs(clock, HeraldTopology.standard().queues());
        String ingress = sqs.queueUrl(HeraldTopology.QUEUE_INGRESS);
        scheduler = new LocalScheduler(null, clock, sqs.sqs(), arn -> arn.equals(INGRESS_ARN) ? Optional.of(ingress) : Optional.empty());
        edge = new EdgeServer("127.0.0.1", 0, List.of(new SchedulerApi(scheduler, "eu-west-1", "000000000000")), List.of(), null).start();
        client = SchedulerClient.builder().endpointOverride(edge.endpoint()).region(LocalEngines.REGION)
                .credentialsProvider(LocalEngines.CREDENTIALS).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        MessageScheduler.Settings settings = new MessageScheduler.Settings(HeraldTopology.SCHEDULE_GROUP, ROLE);
        RouterConfig config = new RouterConfig(HeraldTopology.TABLE_DELIVERIES, HeraldTopology.TABLE_TOPICS, HeraldTopology.TABLE_PREFERENCES,
                Map.of(Channel.WEBSOCKET, sqs.queueUrl(HeraldTopology.QUEUE_WEBSOCKET), Channel.PUSH, sqs.queueUrl(HeraldTopology.QUEUE_PUSH),
                        Channel.EMAIL, sqs.queueUrl(HeraldTopology.QUEUE_EMAIL)),
                ingress, null, null, RouterConfig.DEFAULT_ENRICHMENT_TIMEOUT, RouterConfig.DEFAULT_PARALLELISM, HeraldTopology.TABLE_ROUTES,
                RouterConfig.DEFAULT_ROUTES_CHECK, HeraldTopology.TABLE_THROTTLES, HeraldTopology.TABLE_DIGESTS, settings, INGRESS_ARN);
        RouteTable routes = RouteTable.parse("test", """
                {"routes": [{"name": "comments", "pattern": {"detail-type": ["comment.added"]}, "channels": ["email"],
                             "category": "comments", "digest": %s}]}""".formatted(digest));
        router = new RouterHandler(config, routes, LocalEngines.get().dynamo(), sqs.sqs(), null, clock, new MessageScheduler(client, settings));
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
            edge.close();
            sqs.close();
        }
    }

    private void publish(String notificationId, String user, int n) {
        send(notificationId, "{\"notificationId\":\"%s\",\"recipients\":[\"%s\"],\"data\":{\"n\":%d}}".formatted(notificationId, user, n));
    }

    private void publishCritical(String notificationId, String user) {
        send(notificationId, "{\"notificationId\":\"%s\",\"recipients\":[\"%s\"],\"priority\":\"critical\",\"data\":{\"n\":0}}"
                .formatted(notificationId, user));
    }

    private void send(String notificationId, String detail) {
        String event = """
                {"version":"0","id":"%s","detail-type":"comment.added","source":"shop.comments","account":"123456789012",
                 "time":"%s","region":"eu-west-1","resources":[],"detail":%s}""".formatted(notificationId, clock.instant(), detail);
        sqs.sqs().sendMessage(r -> r.queueUrl(sqs.queueUrl(HeraldTopology.QUEUE_INGRESS)).messageBody(event));
        step();
    }

    /** One round of the event source mappings: due schedules fire, the router takes the ingress queue, emails are collected. */
    private void step() {
        scheduler.fireDue();
        sqs.poll(HeraldTopology.QUEUE_INGRESS, e -> {
            var response = router.handleRequest(e, null);
            failed += response.getBatchItemFailures().size();
            return response;
        });
        sqs.poll(HeraldTopology.QUEUE_EMAIL, e -> {
            e.getRecords().forEach(m -> emails.add(ChannelMessages.fromJson(m.getBody())));
            return new com.amazonaws.services.lambda.runtime.events.SQSBatchResponse(List.of());
        });
    }

    /** Moves the clock to {@code until} in steps of {@code by}, running the mappings after each. */
    private void runTo(Instant until, Duration by) {
        while (clock.instant().isBefore(until)) {
            Duration left = Duration.between(clock.instant(), until);
            clock.advance(left.compareTo(by) < 0 ? left : by);
            step();
        }
    }

    private static List<Integer> items(ChannelMessage digest) {
        JsonNode data = Json.asObject(digest.data());
        List<Integer> items = new ArrayList<>();
        data.get("items").forEach(i -> items.add(i.get("n").asInt()));
        assertThat(data.get("count").asInt()).isEqualTo(items.size());
        return items;
    }

    @Test
    void oneHourWindow_flushesOnceThroughOneSchedule_withEveryItem() {
        start(at("06:05"), "{\"key\": \"user\", \"window\": \"PT1H\"}");
        String user = "hourly-" + UUID.randomUUID();
        publish(user + "-a", user, 1);
        runTo(at("06:20"), Duration.ofMinutes(5));
        publish(user + "-b", user, 2);
        // the first event redelivered: listed once, and its second schedule is a conflict that is ignored
        publish(user + "-a", user, 1);
        runTo(at("06:59"), Duration.ofMinutes(5));
        publish(user + "-c", user, 3);

        assertThat(failed).as("records the router failed").isZero();
        assertThat(emails).as("nothing is sent before the window closes").isEmpty();
        assertThat(scheduler.list()).as("one schedule for the digest").hasSize(1);
        assertThat(scheduler.list().get(0).at()).isEqualTo(at("07:00"));
        assertThat(sqs.depth(HeraldTopology.QUEUE_INGRESS)).as("no flush waits on the queue itself").isZero();

        runTo(at("08:30"), Duration.ofMinutes(1));
        assertThat(scheduler.fired()).isEqualTo(1);
        assertThat(emails).hasSize(1);
        assertThat(emails.get(0).userId()).isEqualTo(user);
        assertThat(emails.get(0).notificationId()).startsWith(DigestStore.PREFIX);
        assertThat(items(emails.get(0))).containsExactly(1, 2, 3);
    }

    @Test
    void until0900InTokyo_gathersTheEveningAndTheEarlyMorning_andTheMinuteAfterGoesIntoTheNextDay() {
        // 20:00 in Tokyo (UTC+9)
        start(at("11:00"), "{\"key\": \"user\", \"until\": \"09:00\"}");
        String user = "tokyo-" + UUID.randomUUID();
        new DynamoDbPreferenceStore(LocalEngines.get().dynamo(), HeraldTopology.TABLE_PREFERENCES)
                .put(new Preferences(user, Set.of(), Optional.empty(), ZoneId.of("Asia/Tokyo")));
        Instant nineTokyo = DAY.plus(Duration.ofDays(1));

        publish(user + "-evening", user, 1);
        publishCritical(user + "-alarm", user);
        assertThat(emails).as("a critical event is never held").extracting(ChannelMessage::notificationId).containsExactly(user + "-alarm");
        emails.clear();
        runTo(nineTokyo.minus(Duration.ofMinutes(1)), Duration.ofMinutes(10));
        publish(user + "-early", user, 2);
        assertThat(failed).as("records the router failed").isZero();
        assertThat(emails).as("held until 09:00 on the user's clock").isEmpty();

        runTo(nineTokyo, Duration.ofMinutes(1));
        assertThat(emails).as("flushed at 09:00 Tokyo").hasSize(1);
        assertThat(items(emails.get(0))).containsExactly(1, 2);

        runTo(nineTokyo.plus(Duration.ofMinutes(1)), Duration.ofMinutes(1));
        publish(user + "-late", user, 3);
        runTo(nineTokyo.plus(Duration.ofDays(1)).minus(Duration.ofMinutes(1)), Duration.ofMinutes(30));
        assertThat(emails).as("09:01 waits for the next day's 09:00").hasSize(1);
        runTo(nineTokyo.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(5)), Duration.ofMinutes(1));

        assertThat(emails).hasSize(2);
        assertThat(items(emails.get(1))).containsExactly(3);
        assertThat(emails).extracting(ChannelMessage::notificationId).doesNotHaveDuplicates();
        assertThat(scheduler.fired()).isEqualTo(2);
    }
}
