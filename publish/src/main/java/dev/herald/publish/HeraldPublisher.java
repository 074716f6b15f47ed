package dev.herald.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.aws.Backoff;
import dev.herald.common.event.EventParser;
import dev.herald.common.event.Problem;
import dev.herald.common.json.Json;
import dev.herald.publish.PublishResult.Kind;
import dev.herald.publish.PublishResult.Published;
import dev.herald.publish.PublishResult.Unpublished;
import dev.herald.common.topology.HeraldTopology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * The producers' client: publishes Herald notifications to the bus with PutEvents.
 * <pre>{@code
 * HeraldPublisher publisher = HeraldPublisher.builder().eventBridge(client).busName("herald").source("shop.orders").build();
 * PublishResult result = publisher.publish(List.of(Notification.of("order.shipped", detail)));
 * }</pre>
 *
 * <p>What {@link #publish} does, in order:
 * <ol>
 * <li>validates every notification with {@link EventParser#validateDetail} (every problem at once, each
 *     naming the field and the fix) and refuses invalid or oversized ones without sending them;</li>
 * <li>gives a notification without {@code notificationId} a random one, so that an entry re-sent after an
 *     ambiguous failure is de-duplicated by the router instead of delivered twice;</li>
 * <li>sends the rest in PutEvents requests of at most 10 entries and 256 KB ({@link PutEventsBatches});</li>
 * <li>re-sends only the entries EventBridge failed with a retryable ErrorCode ({@code InternalFailure},
 *     {@code ThrottlingException}, or a code it does not list as permanent), with backoff, up to the
 *     backoff's attempts: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevents.html</li>
 * </ol>
 * It never throws for an entry: the {@link PublishResult} accounts for every input index, as published
 * (with its event id) or unpublished (rejected or failed, with the reason). Thread-safe.
 */
public final class HeraldPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(HeraldPublisher.class);
    /** ErrorCodes the PutEventsResultEntry reference lists as non-retryable. */
    private static final Set<String> PERMANENT_CODES = Set.of("AccessDeniedException", "InvalidAccountIdException", "InvalidArgument",
            "MalformedDetail", "RedactionFailure", "NotAuthorizedForSourceException", "NotAuthorizedForDetailTypeException");
    static final Backoff DEFAULT_BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), 4);

    private final EventBridgeClient eventBridge;
    private final String busName;
    private final String source;
    private final Backoff backoff;

    private HeraldPublisher(Builder b) {
        this.eventBridge = b.eventBridge;
        this.busName = b.busName;
        this.source = b.source;
        this.backoff = b.backoff;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Publishes {@code notifications}; see the class comment. Never throws for an entry's problem. */
    public PublishResult publish(List<Notification> notifications) {
        List<Published> published = new ArrayList<>();
        List<Unpublished> unpublished = new ArrayList<>();
        List<Pending> pending = new ArrayList<>();
        for (int i = 0; i < notifications.size(); i++) {
            prepare(i, notifications.get(i), pending, unpublished);
        }
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            List<Pending> retry = new ArrayList<>();
            for (List<Pending> batch : PutEventsBatches.split(pending, Pending::size)) {
                send(batch, attempt, published, unpublished, retry);
            }
            if (!retry.isEmpty() && attempt >= backoff.maxAttempts()) {
                for (Pending p : retry) {
                    unpublished.add(new Unpublished(p.index, p.notification, Kind.FAILED, p.errorCode,
                            p.reason + " (still failing after " + attempt + " attempts; publish it again later)", attempt));
                }
                break;
            }
            if (!retry.isEmpty()) {
                backoff.sleepBefore(attempt);
            }
            pending = retry;
        }
        published.sort(Comparator.comparingInt(Published::index));
        unpublished.sort(Comparator.comparingInt(Unpublished::index));
        if (!unpublished.isEmpty()) {
            LOG.warn("notifications not published bus={} source={} published={} unpublished={}", busName, source, published.size(), unpublished.size());
        }
        return new PublishResult(published, unpublished);
    }

    private void prepare(int index, Notification n, List<Pending> pending, List<Unpublished> unpublished) {
        if (n == null) {
            unpublished.add(new Unpublished(index, null, Kind.REJECTED, "InvalidNotification", "notification is null; pass a Notification", 0));
            return;
        }
        List<Problem> problems = new ArrayList<>();
        if (n.detailType() == null || n.detailType().isBlank()) {
            problems.add(new Problem("detailType", "is missing; set the event type routes match on, e.g. order.shipped"));
        }
        problems.addAll(EventParser.validateDetail(n.detail()));
        if (!problems.isEmpty()) {
            unpublished.add(new Unpublished(index, n, Kind.REJECTED, "InvalidNotification",
                    String.join("; ", problems.stream().map(Problem::toString).toList()), 0));
            return;
        }
        ObjectNode detail = (ObjectNode) n.detail();
        JsonNode id = detail.get("notificationId");
        String notificationId;
        if (id == null || id.isNull()) {
            notificationId = UUID.randomUUID().toString();
            detail = detail.deepCopy().put("notificationId", notificationId);
        } else {
            notificationId = id.asText();
        }
        PutEventsRequestEntry entry = PutEventsRequestEntry.builder().eventBusName(busName).source(source)
                .detailType(n.detailType()).detail(Json.write(detail)).build();
        int size = PutEventsBatches.entrySize(entry);
        if (size > PutEventsBatches.MAX_REQUEST_BYTES) {
            unpublished.add(new Unpublished(index, n, Kind.REJECTED, "EntryTooLarge", "the entry is " + size + " bytes, above EventBridge's "
                    + PutEventsBatches.MAX_REQUEST_BYTES + "-byte limit; move large data to S3 and put a reference in data", 0));
            return;
        }
        pending.add(new Pending(index, n, notificationId, entry, size, null, null));
    }

    private void send(List<Pending> batch, int attempt, List<Published> published, List<Unpublished> unpublished, List<Pending> retry) {
        PutEventsResponse response;
        try {
            response = eventBridge.putEvents(r -> r.entries(batch.stream().map(Pending::entry).toList()));
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
                    ? e.awsErrorDetails().errorCode() : e.getClass().getSimpleName();
            boolean permanent = e.statusCode() >= 400 && e.statusCode() < 500 && !e.isThrottlingException();
            for (Pending p : batch) {
                if (permanent) {
                    unpublished.add(new Unpublished(p.index, p.notification, Kind.REJECTED, code, "EventBridge refused the PutEvents request to bus '"
                            + busName + "': " + e.getMessage() + "; check that the bus exists and the caller may put events on it", attempt));
                } else {
                    retry.add(p.failed(code, "PutEvents call failed: " + e.getMessage()));
                }
            }
            return;
        } catch (SdkClientException e) {
            batch.forEach(p -> retry.add(p.failed("SdkClientException", "PutEvents call failed: " + e.getMessage())));
            return;
        }
        List<PutEventsResultEntry> results = response.entries();
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            PutEventsResultEntry r = i < results.size() ? results.get(i) : null;
            if (r == null) {
                retry.add(p.failed("MissingResult", "EventBridge answered " + results.size() + " entries for " + batch.size() + " sent"));
            } else if (r.errorCode() == null && r.eventId() != null) {
                published.add(new Published(p.index, p.notificationId, r.eventId(), attempt));
            } else if (r.errorCode() != null && PERMANENT_CODES.contains(r.errorCode())) {
                unpublished.add(new Unpublished(p.index, p.notification, Kind.REJECTED, r.errorCode(),
                        "EventBridge rejected the entry: " + Objects.requireNonNullElse(r.errorMessage(), r.errorCode()) + hint(r.errorCode()), attempt));
            } else {
                String code = Objects.requireNonNullElse(r.errorCode(), "MissingEventId");
                retry.add(p.failed(code, "EventBridge failed the entry: " + Objects.requireNonNullElse(r.errorMessage(), code)));
            }
        }
    }

    private String hint(String code) {
        return switch (code) {
            case "NotAuthorizedForSourceException", "NotAuthorizedForDetailTypeException", "AccessDeniedException" ->
                    "; allow events:PutEvents on bus '" + busName + "' for source '" + source + "' in the producer's IAM policy";
            case "MalformedDetail" -> "; send the detail as one JSON object";
            default -> "";
        };
    }

    private record Pending(int index, Notification notification, String notificationId, PutEventsRequestEntry entry, int size,
                           String errorCode, String reason) {
        Pending failed(String code, String why) {
            return new Pending(index, notification, notificationId, entry, size, code, why);
        }
    }

    /** Builds a {@link HeraldPublisher}; {@code eventBridge} and {@code source} are required. */
    public static final class Builder {
        private EventBridgeClient eventBridge;
        private String busName = HeraldTopology.BUS;
        private String source;
        private Backoff backoff = DEFAULT_BACKOFF;

        private Builder() {
        }

        /** The client to send with (build it once, e.g. {@code EventBridgeClient.create()}). */
        public Builder eventBridge(EventBridgeClient eventBridge) {
            this.eventBridge = eventBridge;
            return this;
        }

        /** The bus name or ARN; {@value HeraldTopology#BUS} unless set. */
        public Builder busName(String busName) {
            this.busName = busName;
            return this;
        }

        /** The producing application, e.g. {@code shop.orders}: every event's {@code Source}. */
        public Builder source(String source) {
            this.source = source;
            return this;
        }

        /** Delays and the number of attempts for failed entries; 4 attempts from 100 ms unless set. */
        public Builder backoff(Backoff backoff) {
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /** @throws IllegalStateException naming the missing or invalid setting */
        public HeraldPublisher build() {
            if (eventBridge == null) {
                throw new IllegalStateException("HeraldPublisher needs an EventBridgeClient; call eventBridge(client)");
            }
            if (busName == null || busName.isBlank()) {
                throw new IllegalStateException("HeraldPublisher needs a bus; call busName(\"" + HeraldTopology.BUS + "\") or pass the bus ARN");
            }
            if (source == null || source.isBlank()) {
                throw new IllegalStateException("HeraldPublisher needs a source naming the producing application; call source(\"shop.orders\")");
            }
            if (source.startsWith("aws.")) {
                throw new IllegalStateException("source '" + source + "' starts with 'aws.', which EventBridge reserves for AWS services; name your application, e.g. shop.orders");
            }
            return new HeraldPublisher(this);
        }
    }
}
