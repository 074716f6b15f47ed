package dev.herald.enrichment;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import dev.herald.common.delivery.RenderedContent;
import dev.herald.common.event.Channel;
import dev.herald.common.store.TemplateStore;
import dev.herald.enrichment.CompiledTemplate.Part;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Compiles Templates rows and renders them per channel with Mustache (jmustache).
 *
 * <ul>
 * <li>WebSocket and push get {@code title} + {@code body}; email gets {@code subject} + {@code html} +
 *     {@code text} (a row needs a subject and at least one of html and text to send email).</li>
 * <li>Values are HTML-escaped in the {@code html} part only; title, body, subject and text are plain
 *     text and are left as they are (escaping them would show {@code &amp;} to the user).</li>
 * <li>Strict: a variable or section name with no value (missing or null) fails that recipient with an
 *     error naming the variable and the template. Nothing renders as an empty string by accident.</li>
 * <li>No partials: {@code {{> name}}} fails that part with an error; nothing is ever loaded by name (no path traversal).</li>
 * <li>No unescaped output in {@code html}: a triple mustache ({@code {{{name}}}}), an ampersand tag
 *     ({@code {{& name}}}) or a delimiter change ({@code {{=<% %>=}}}, which could hide either) fails that part
 *     with an error naming the tag and its line, so event data can never reach an email's HTML unescaped.</li>
 * <li>A subject never contains a line break: CR, LF and other line separators collapse into one
 *     space, so a value cannot add a mail header or break the Subject line.</li>
 * </ul>
 */
final class TemplateRenderer {
    /**
     * Templates are self-contained rows: a partial ({@code {{> name}}}) would turn text from the Templates
     * table into a name to load - a path, with a file loader. None is loaded, ever: refused with a clear error.
     * Without this loader jmustache throws an UnsupportedOperationException, which no caller expects.
     */
    private static final Mustache.TemplateLoader NO_PARTIALS = name -> {
        throw new MustacheException("it includes '" + name + "' ({{> ...}}), but partials are not supported: a template cannot"
                + " load another template or a file; put the text in the row itself");
    };
    private static final Mustache.Compiler HTML_COMPILER = Mustache.compiler().escapeHTML(true).strictSections(true).withLoader(NO_PARTIALS);
    private static final Mustache.Compiler TEXT_COMPILER = Mustache.compiler().escapeHTML(false).strictSections(true).withLoader(NO_PARTIALS);
    private static final Pattern LINE_BREAKS = Pattern.compile("(?:\\s*\\R)+\\s*");
    /** Mustache tags that write a value without HTML escaping, and the delimiter change that could disguise one. */
    private static final Pattern UNESCAPED = Pattern.compile("\\{\\{\\s*[{&=][^}]*}*\\}\\}|\\{\\{\\s*[{&=]");

    /** Compiles every present part of a row; a part that is not valid Mustache is kept as broken. */
    CompiledTemplate compile(TemplateStore.Template row) {
        Map<String, Part> parts = new HashMap<>();
        put(parts, row, CompiledTemplate.TITLE, row.title(), TEXT_COMPILER);
        put(parts, row, CompiledTemplate.BODY, row.body(), TEXT_COMPILER);
        put(parts, row, CompiledTemplate.SUBJECT, row.subject(), TEXT_COMPILER);
        put(parts, row, CompiledTemplate.HTML, row.html(), HTML_COMPILER);
        put(parts, row, CompiledTemplate.TEXT, row.text(), TEXT_COMPILER);
        return new CompiledTemplate(row.templateId(), row.locale(), parts);
    }

    /**
     * Renders {@code template} for each of {@code channels} with {@code variables}.
     *
     * @throws RenderException naming the variable, part and template that failed
     */
    Map<Channel, RenderedContent> render(CompiledTemplate template, List<Channel> channels, Map<String, Object> variables) {
        Map<Channel, RenderedContent> out = new EnumMap<>(Channel.class);
        RenderedContent notification = null;
        for (Channel channel : channels) {
            switch (channel) {
                case WEBSOCKET, PUSH, WEBHOOK -> {
                    if (notification == null) {
                        notification = RenderedContent.notification(
                                required(template, CompiledTemplate.TITLE, channel, variables),
                                required(template, CompiledTemplate.BODY, channel, variables));
                    }
                    out.put(channel, notification);
                }
                case EMAIL -> out.put(channel, email(template, variables));
                // a text message carries the short body (the push body), never the email's html or text
                case SMS -> out.put(channel, RenderedContent.sms(required(template, CompiledTemplate.BODY, channel, variables)));
                default -> throw new RenderException("channel '" + channel.wireName() + "' has no rendering; render it in TemplateRenderer");
            }
        }
        return out;
    }

    private RenderedContent email(CompiledTemplate template, Map<String, Object> variables) {
        String subject = oneLine(required(template, CompiledTemplate.SUBJECT, Channel.EMAIL, variables));
        if (!template.has(CompiledTemplate.HTML) && !template.has(CompiledTemplate.TEXT)) {
            throw new RenderException("template '" + template.templateId() + "' (locale '" + template.locale()
                    + "') has neither html nor text, and email needs at least one; add them to the Templates row");
        }
        String html = template.has(CompiledTemplate.HTML) ? execute(template, CompiledTemplate.HTML, variables) : null;
        String text = template.has(CompiledTemplate.TEXT) ? execute(template, CompiledTemplate.TEXT, variables) : null;
        return RenderedContent.email(subject, html, text);
    }

    private String required(CompiledTemplate template, String part, Channel channel, Map<String, Object> variables) {
        if (!template.has(part)) {
            throw new RenderException("template '" + template.templateId() + "' (locale '" + template.locale() + "') has no " + part
                    + ", which " + channel.wireName() + " messages need; add a " + part + " attribute to the Templates row");
        }
        return execute(template, part, variables);
    }

    private String execute(CompiledTemplate template, String part, Map<String, Object> variables) {
        return switch (template.parts().get(part)) {
            case Part.Broken broken -> throw new RenderException(broken.error());
            case Part.Compiled compiled -> {
                try {
                    yield compiled.template().execute(variables);
                } catch (MustacheException.Context e) {
                    throw new RenderException(template.describe(part) + " uses variable '" + e.key + "' on line " + e.lineNo
                            + ", but neither the event's data nor the user's profile has a value for it; add '" + e.key
                            + "' to the event's data, or remove it from the template");
                } catch (MustacheException e) {
                    throw new RenderException(template.describe(part) + " could not be rendered: " + e.getMessage());
                }
            }
        };
    }

    /** Collapses every line break (and the blanks around it) into a single space. */
    static String oneLine(String subject) {
        return LINE_BREAKS.matcher(subject).replaceAll(" ").strip();
    }

    private static void put(Map<String, Part> parts, TemplateStore.Template row, String name, String source, Mustache.Compiler compiler) {
        if (source == null) {
            return;
        }
        if (compiler == HTML_COMPILER) {
            var unescaped = UNESCAPED.matcher(source);
            if (unescaped.find()) {
                int line = 1 + (int) source.substring(0, unescaped.start()).chars().filter(c -> c == '\n').count();
                parts.put(name, new Part.Broken("template '" + row.templateId() + "' (locale '" + row.locale() + "', " + name + ") writes '"
                        + unescaped.group() + "' on line " + line + ", which would put a value into the HTML without escaping it"
                        + " ({{{ }}}, {{& }} and delimiter changes are refused in html); write {{name}} instead, in the Templates table"));
                return;
            }
        }
        try {
            parts.put(name, new Part.Compiled(compiler.compile(source)));
        } catch (MustacheException e) {
            parts.put(name, new Part.Broken("template '" + row.templateId() + "' (locale '" + row.locale() + "', " + name
                    + ") is not valid Mustache: " + e.getMessage() + "; fix it in the Templates table"));
        }
    }
}
