package dev.herald.enrichment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.delivery.RenderedContent;
import dev.herald.common.event.Channel;
import dev.herald.common.store.ProfileStore.Profile;
import dev.herald.common.store.TemplateStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A template rendered without sending, by the renderer the enrichment function uses ({@link TemplateRenderer}, with the
 * variables {@link TemplateVariables} builds): what an operator's preview shows is what a recipient would get.
 * Nothing is read or written; the caller passes the row, the event's data and the profile.
 */
public final class TemplatePreview {
    private static final TemplateRenderer RENDERER = new TemplateRenderer();

    /** Per channel: the rendered content, or why that channel cannot be rendered (as the enrichment function would fail it). */
    public record Outcome(Map<Channel, RenderedContent> rendered, Map<Channel, String> failures) {
    }

    private TemplatePreview() {
    }

    /** Why parts of {@code row} do not compile (each naming the part, the line and the reason); empty when all compile. */
    public static List<String> problems(TemplateStore.Template row) {
        List<String> out = new ArrayList<>();
        RENDERER.compile(row).parts().values().forEach(part -> {
            if (part instanceof CompiledTemplate.Part.Broken broken) {
                out.add(broken.error());
            }
        });
        return out;
    }

    /**
     * Renders {@code row} for {@code userId} on each of {@code channels}.
     *
     * @param data    the event's data (null: none)
     * @param profile the recipient's profile, or null for a user without one
     */
    public static Outcome render(TemplateStore.Template row, List<Channel> channels, ObjectNode data, String userId, Profile profile) {
        CompiledTemplate compiled = RENDERER.compile(row);
        Map<String, Object> variables = new TemplateVariables(data).forRecipient(userId, profile);
        Map<Channel, RenderedContent> rendered = new LinkedHashMap<>();
        Map<Channel, String> failures = new LinkedHashMap<>();
        for (Channel channel : channels) {
            try {
                rendered.putAll(RENDERER.render(compiled, List.of(channel), variables));
            } catch (RenderException e) {
                failures.put(channel, e.getMessage());
            }
        }
        return new Outcome(rendered, failures);
    }
}
