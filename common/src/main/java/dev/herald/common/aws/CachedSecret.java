package dev.herald.common.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.config.ConfigException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A secret read on first use and cached for {@link #DEFAULT_TTL}, turned into what a function needs
 * (a JWT verifier, email settings, an APNs client) by a parser.
 *
 * <p>Why not at init: with SnapStart, Lambda runs a function's constructor when the version is
 * published, while the stack's secrets still hold their generated placeholder; a constructor that reads
 * and checks its secret then fails the deploy. Reading on first use also keeps secret values out of the
 * SnapStart snapshot, and the cache time is how long a new value ({@code put-secret-value}) takes to
 * apply without a redeploy.
 *
 * <p>{@link #get()} never throws: it answers {@link Ready} or {@link Unavailable} with a reason that names
 * the secret and says how to fix it (the stack's placeholder still in place, a value the parser refuses,
 * or a secret that cannot be read). The parser runs again only when the secret's JSON changed; the value
 * it replaces is handed to {@code onReplaced} (to close clients). A read that fails keeps serving the last
 * good value and is retried after {@link #RETRY_AFTER_READ_ERROR}. Thread-safe; one read at a time.
 *
 * @param <T> what the secret's JSON is parsed into
 */
public final class CachedSecret<T> {
    private static final Logger LOG = LoggerFactory.getLogger(CachedSecret.class);
    /** How long a value read is used before the secret is read again: a rotated value applies within this time. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(2);
    /** How soon a secret that could not be read (not found, no permission, Secrets Manager down) is tried again. */
    public static final Duration RETRY_AFTER_READ_ERROR = Duration.ofSeconds(15);
    /** Where an operator finds each secret's JSON shape. */
    public static final String DOCS = "docs/DEPLOY.md, section \"Secret values\"";
    /** The field of the value the stack generates when it creates a secret (CDK {@code generateStringKey}). */
    public static final String PLACEHOLDER_FIELD = "placeholder";

    /** The parsed secret, or why there is none. */
    public sealed interface Value<T> {
    }

    public record Ready<T>(T value) implements Value<T> {
    }

    /**
     * @param reason names the secret and what to store in it; never contains the secret's value
     * @param cause  what is wrong: nothing stored yet, a value the parser refused, or the secret could not be read
     */
    public record Unavailable<T>(String reason, Cause cause) implements Value<T> {
    }

    public enum Cause {
        /** The secret still holds the stack's generated placeholder (or an empty object). */
        NOT_STORED,
        /** The stored value is incomplete or malformed. */
        INVALID,
        /** The secret could not be read (not found, no permission, Secrets Manager unavailable). */
        UNREADABLE
    }

    private final String secretId;
    private final Function<String, JsonNode> reader;
    private final Function<JsonNode, T> parser;
    private final Consumer<T> onReplaced;
    private final Duration ttl;
    private final Clock clock;

    private JsonNode parsedJson;
    private Value<T> current;
    private Instant readAgainAt = Instant.MIN;

    /**
     * @param secretId   the secret's name or ARN (from the function's environment)
     * @param reader     reads a secret's JSON by id ({@link SecretReader#json} on Lambda); throws when it cannot
     * @param parser     checks the JSON and builds the value; throws {@link ConfigException} naming the field to fix
     * @param onReplaced receives a value that a newer one replaced (e.g. to close it)
     */
    public CachedSecret(String secretId, Function<String, JsonNode> reader, Function<JsonNode, T> parser, Consumer<T> onReplaced,
                        Duration ttl, Clock clock) {
        this.secretId = Objects.requireNonNull(secretId, "secretId");
        this.reader = reader;
        this.parser = parser;
        this.onReplaced = onReplaced;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** With the default cache time, the system clock and nothing to close. */
    public static <T> CachedSecret<T> of(String secretId, SecretReader secrets, Function<JsonNode, T> parser) {
        return new CachedSecret<>(secretId, secrets::json, parser, replaced -> {
        }, DEFAULT_TTL, Clock.systemUTC());
    }

    /** A value that is always ready (tests, and callers that hold no secret). */
    public static <T> CachedSecret<T> fixed(String name, T value) {
        CachedSecret<T> s = new CachedSecret<>(name, id -> null, json -> value, replaced -> {
        }, Duration.ZERO, Clock.systemUTC());
        s.current = new Ready<>(value);
        s.readAgainAt = Instant.MAX;
        return s;
    }

    public String secretId() {
        return secretId;
    }

    /** The value read last, if it was usable; never reads the secret. */
    public synchronized java.util.Optional<T> lastReady() {
        return current instanceof Ready<T> ready ? java.util.Optional.of(ready.value()) : java.util.Optional.empty();
    }

    /** The value, read or reused; never throws. */
    public synchronized Value<T> get() {
        Instant now = clock.instant();
        if (current != null && now.isBefore(readAgainAt)) {
            return current;
        }
        JsonNode json;
        try {
            json = reader.apply(secretId);
        } catch (RuntimeException e) {
            readAgainAt = now.plus(RETRY_AFTER_READ_ERROR);
            if (current instanceof Ready<T>) {
                LOG.warn("secret read failed; using the value read before secretId={} error={}", secretId, e.getMessage());
                return current;
            }
            current = new Unavailable<>(e.getMessage() == null ? "cannot read secret '" + secretId + "' (" + e + "); see " + DOCS
                    : e.getMessage() + " (" + DOCS + ")", Cause.UNREADABLE);
            return current;
        }
        readAgainAt = now.plus(ttl);
        if (current != null && json != null && json.equals(parsedJson)) {
            return current;
        }
        Value<T> previous = current;
        current = parse(json);
        parsedJson = json;
        if (previous instanceof Ready<T> ready) {
            try {
                onReplaced.accept(ready.value());
            } catch (RuntimeException e) {
                LOG.warn("closing the value of a replaced secret failed secretId={} error={}", secretId, e.toString());
            }
        }
        if (current instanceof Unavailable<T> u) {
            LOG.error("secret not usable; requests that need it answer 503 or fail until it is stored secretId={} reason={}",
                    secretId, u.reason());
        } else {
            LOG.info("secret read secretId={}", secretId);
        }
        return current;
    }

    private Value<T> parse(JsonNode json) {
        if (isPlaceholder(json)) {
            return new Unavailable<>("secret '" + secretId + "' still holds the placeholder the stack generated; store its JSON value"
                    + " with `aws secretsmanager put-secret-value` (" + DOCS + "); it applies within " + ttl.toMinutes() + " min",
                    Cause.NOT_STORED);
        }
        try {
            return new Ready<>(parser.apply(json));
        } catch (ConfigException e) {
            String what = e.getMessage().contains(secretId) ? e.getMessage() : "secret '" + secretId + "': " + e.getMessage();
            return new Unavailable<>(what + " (" + DOCS + ")", Cause.INVALID);
        } catch (RuntimeException e) {
            return new Unavailable<>("secret '" + secretId + "' cannot be used: " + e + " (" + DOCS + ")", Cause.INVALID);
        }
    }

    /** The stack's generated value {@code {"placeholder": "<random>"}}, or an empty object: nothing stored yet. */
    static boolean isPlaceholder(JsonNode json) {
        if (json == null || !json.isObject()) {
            return false;
        }
        Iterator<String> names = json.fieldNames();
        while (names.hasNext()) {
            if (!PLACEHOLDER_FIELD.equals(names.next())) {
                return false;
            }
        }
        return true;
    }
}
