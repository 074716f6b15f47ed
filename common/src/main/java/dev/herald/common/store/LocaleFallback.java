package dev.herald.common.store;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * The order in which template locales are tried for a requested locale: the locale itself, then each
 * shorter prefix ({@code fr-CA} -> {@code fr}), then the {@value #DEFAULT} row, and last {@value #LAST_RESORT}.
 *
 * <p>Why {@code en} last: templates written before a {@code default} row existed (the demo's, for
 * one) only have {@code en}; falling back to English beats not telling the user at all. A template
 * that must not fall back to English simply has a {@code default} row, which is tried first.
 *
 * <p>Locales compare in BCP 47 canonical form ({@code fr_ca} and {@code fr-ca} both mean {@code fr-CA});
 * Unicode extensions ({@code -u-...}) are ignored.
 */
public final class LocaleFallback {
    /** The locale value of a template's catch-all row. */
    public static final String DEFAULT = "default";
    /** Tried after {@link #DEFAULT}. */
    public static final String LAST_RESORT = "en";

    private LocaleFallback() {
    }

    /** The locales to try, most specific first; {@code requested} may be null or blank (no preference). */
    public static List<String> chain(String requested) {
        LinkedHashSet<String> chain = new LinkedHashSet<>();
        String tag = canonical(requested);
        if (tag != null && !tag.equals(DEFAULT)) {
            for (String t = tag; ; t = t.substring(0, t.lastIndexOf('-'))) {
                chain.add(t);
                if (t.lastIndexOf('-') < 0) {
                    break;
                }
            }
        }
        chain.add(DEFAULT);
        chain.add(LAST_RESORT);
        return new ArrayList<>(chain);
    }

    /** The canonical form of a locale tag ({@code fr_ca} -> {@code fr-CA}); null for null or blank. */
    public static String canonical(String locale) {
        if (locale == null || locale.isBlank()) {
            return null;
        }
        String tag = locale.trim().replace('_', '-');
        if (tag.equalsIgnoreCase(DEFAULT)) {
            return DEFAULT;
        }
        String canonical = Locale.forLanguageTag(tag).stripExtensions().toLanguageTag();
        return canonical.equals("und") ? tag : canonical;
    }
}
