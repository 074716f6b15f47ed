package dev.herald.enrichment;

import dev.herald.common.store.LocaleFallback;
import dev.herald.common.store.TemplateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the compiled template for a template id and a recipient's locale, walking the fallback chain
 * ({@link LocaleFallback}: {@code fr-CA -> fr -> default -> en}).
 *
 * <p>Caches each template's rows, compiled, for a short TTL per warm container, so a fan-out to many
 * recipients reads the Templates table once and compiles each row once; an edit shows after the TTL.
 * A template with no rows is cached too (as missing), so a misconfigured route does not read the table
 * for every event. A bad template id never reaches the table.
 */
final class TemplateResolver {
    /** A cache this large means ids are not a small fixed set; start over rather than grow. */
    private static final int MAX_CACHED = 1_000;

    /** The outcome of a lookup: a template, or why there is none (per recipient, permanent). */
    sealed interface Resolution {
        record Found(CompiledTemplate template) implements Resolution {
        }

        record Missing(String error) implements Resolution {
        }
    }

    private record Entry(Instant expires, TemplateStore.TemplateSet rows, Map<String, CompiledTemplate> compiled) {
    }

    private final TemplateStore store;
    private final TemplateRenderer renderer;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    TemplateResolver(TemplateStore store, TemplateRenderer renderer, Clock clock, Duration ttl) {
        this.store = store;
        this.renderer = renderer;
        this.clock = clock;
        this.ttl = ttl;
    }

    /**
     * The template for {@code locale} (null: no preference), or why there is none.
     *
     * @throws RuntimeException from the store for infrastructure faults (the caller retries)
     */
    Resolution resolve(String templateId, String locale) {
        Optional<String> badId = TemplateStore.idProblem(templateId);
        if (badId.isPresent()) {
            return new Resolution.Missing(badId.get());
        }
        Entry entry = entry(templateId);
        if (!entry.rows().exists()) {
            return new Resolution.Missing("template '" + templateId + "' does not exist; add a row with templateId '" + templateId
                    + "' and locale 'default' to the Templates table");
        }
        Optional<TemplateStore.Template> row = entry.rows().resolve(locale);
        if (row.isEmpty()) {
            List<String> tried = LocaleFallback.chain(locale);
            String requested = LocaleFallback.canonical(locale);
            String wanted = requested == null || requested.equals(LocaleFallback.DEFAULT) ? "" : " no locale '" + requested + "' and";
            return new Resolution.Missing("template '" + templateId + "' has" + wanted + " no default (tried " + String.join(", ", tried)
                    + "; it has " + String.join(", ", entry.rows().byLocale().keySet().stream().sorted().toList())
                    + "); add one to the Templates table");
        }
        String key = LocaleFallback.canonical(row.get().locale());
        return new Resolution.Found(entry.compiled().computeIfAbsent(key, k -> renderer.compile(row.get())));
    }

    private Entry entry(String templateId) {
        Instant now = clock.instant();
        Entry entry = cache.get(templateId);
        if (entry == null || !now.isBefore(entry.expires())) {
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            entry = new Entry(now.plus(ttl), store.load(templateId), new ConcurrentHashMap<>());
            cache.put(templateId, entry);
        }
        return entry;
    }
}
