package dev.herald.enrichment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.delivery.RenderedContent;
import dev.herald.common.event.Channel;
import dev.herald.common.store.ProfileStore.Profile;
import dev.herald.common.store.TemplateStore.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The enrichment function's compiler and renderer for callers outside it (the admin API): a template is compiled on
 * write exactly as enrichment compiles it when it sends, and previewed exactly as it would render.
 */
public final class TemplateCheck {
    private static final TemplateRenderer RENDERER = new TemplateRenderer();

    private TemplateCheck() {
    }

    /**
     * Why each part of {@code row} does not compile (empty when all do): part name to the compiler's reason, which
     * names the line ({@code "... @ line 3"}) and how to fix it.
     */
    public static Map<String, String> problems(Template row) {
        CompiledTemplate compiled = RENDERER.compile(row);
        Map<String, String> problems = new TreeMap<>();
        compiled.parts().forEach((part, value) -> {
            if (value instanceof CompiledTemplate.Part.Broken broken) {
                problems.put(part, broken.error());
            }
        });
        return problems;
    }

    /**
     * Renders {@code row} for {@code channels} with {@code data} (the event's data) and {@code profile} (may be null),
     * as enrichment would for {@code userId}; sends nothing.
     *
     * @throws IllegalArgumentException naming the variable, part and template that failed
     */
    public static Map<Channel, RenderedContent> preview(Template row, List<Channel> channels, ObjectNode data, String userId, Profile profile) {
        try {
            return RENDERER.render(RENDERER.compile(row), new ArrayList<>(channels),
                    new TemplateVariables(data).forRecipient(userId, profile));
        } catch (RenderException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
