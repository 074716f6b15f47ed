package dev.herald.common.store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Message templates (the Templates table: PK {@code templateId}, SK {@code locale}), Mustache text
 * per channel and locale. Read-only here: templates are written by whoever owns the copy.
 *
 * <p>Failure: implementations throw {@link StoreException} or the SDK's exception for infrastructure
 * faults, and {@link IllegalArgumentException} for a template id that fails {@link #idProblem}. A
 * template that does not exist is an empty {@link TemplateSet}, not a fault.
 */
public interface TemplateStore {
    /** Template ids are short lower-case slugs: no slashes, no spaces, nothing to traverse a path with. */
    Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");

    /**
     * One row: one template in one locale. Fields a channel does not use may be null: WebSocket and
     * push render {@code title} and {@code body}; email renders {@code subject}, {@code html}, {@code text}.
     *
     * @param locale the row's sort key as stored ({@code fr}, {@code fr-CA}, {@code default})
     */
    record Template(String templateId, String locale, String title, String body, String subject, String html, String text) {
    }

    /**
     * Every locale of one template.
     *
     * @param byLocale rows keyed by canonical locale ({@link LocaleFallback#canonical})
     */
    record TemplateSet(String templateId, Map<String, Template> byLocale) {
        public TemplateSet {
            byLocale = Map.copyOf(byLocale);
        }

        /** Builds a set from rows, keying each by its canonical locale. */
        public static TemplateSet of(String templateId, List<Template> rows) {
            Map<String, Template> map = new HashMap<>();
            rows.forEach(t -> map.put(LocaleFallback.canonical(t.locale()), t));
            return new TemplateSet(templateId, map);
        }

        /** Whether the template has any row at all. */
        public boolean exists() {
            return !byLocale.isEmpty();
        }

        /**
         * The row for {@code locale} after fallback ({@link LocaleFallback#chain}); its
         * {@link Template#locale()} says which locale matched. Empty when no locale of the chain exists.
         */
        public Optional<Template> resolve(String locale) {
            return LocaleFallback.chain(locale).stream().map(byLocale::get).filter(t -> t != null).findFirst();
        }
    }

    /** Every locale of {@code templateId}; an empty set when it has none. */
    TemplateSet load(String templateId);

    /** The row for {@code locale} after fallback, or empty. */
    default Optional<Template> find(String templateId, String locale) {
        return load(templateId).resolve(locale);
    }

    /** Why {@code templateId} is not a valid id, or empty when it is. */
    static Optional<String> idProblem(String templateId) {
        if (templateId == null || templateId.isEmpty()) {
            return Optional.of("template id is missing; set the route's templateId, e.g. order-shipped");
        }
        if (!ID.matcher(templateId).matches()) {
            String shown = templateId.length() > 64 ? templateId.substring(0, 64) + "..." : templateId;
            return Optional.of("template id '" + shown + "' is not valid; use 1-128 characters of a-z, 0-9, '.', '_' or '-',"
                    + " starting with a letter or digit, e.g. order-shipped");
        }
        return Optional.empty();
    }
}
