package dev.herald.enrichment;

import com.samskivert.mustache.Template;
import java.util.Map;

/**
 * One Templates row compiled once and reused while it is cached: per part (title, body, subject,
 * html, text) the compiled Mustache, or why that part does not compile. A broken part only fails
 * the channels that need it.
 *
 * @param locale the locale of the row (the one that matched the fallback chain)
 */
record CompiledTemplate(String templateId, String locale, Map<String, Part> parts) {
    static final String TITLE = "title";
    static final String BODY = "body";
    static final String SUBJECT = "subject";
    static final String HTML = "html";
    static final String TEXT = "text";

    CompiledTemplate {
        parts = Map.copyOf(parts);
    }

    /** A part of a row: compiled, or not valid Mustache. */
    sealed interface Part {
        record Compiled(Template template) implements Part {
        }

        record Broken(String error) implements Part {
        }
    }

    boolean has(String part) {
        return parts.containsKey(part);
    }

    /** Where a part comes from, for error messages: {@code template 'order-shipped' (locale 'fr', html)}. */
    String describe(String part) {
        return "template '" + templateId + "' (locale '" + locale + "', " + part + ")";
    }
}
