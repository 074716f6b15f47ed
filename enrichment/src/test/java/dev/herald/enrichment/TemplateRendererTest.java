package dev.herald.enrichment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.common.delivery.RenderedContent;
import dev.herald.common.event.Channel;
import dev.herald.common.store.TemplateStore.Template;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateRendererTest {
    private static final List<Channel> ALL = List.of(Channel.WEBSOCKET, Channel.PUSH, Channel.EMAIL);
    private final TemplateRenderer renderer = new TemplateRenderer();
    private final CompiledTemplate orderShipped = renderer.compile(new Template("order-shipped", "en",
            "Order {{orderId}} for {{displayName}}", "Arrives {{eta}}", "Your order {{orderId}} has shipped",
            "<p>Hello {{displayName}}, order <b>{{orderId}}</b> arrives {{eta}}.</p>", "Hello {{displayName}}, order {{orderId}} arrives {{eta}}."));

    @Test
    void render_valuesWithMarkup_areEscapedInHtmlOnly() {
        Map<String, Object> vars = Map.of("displayName", "<Tom & \"Jerry\">", "orderId", "A<17>", "eta", "soon");

        Map<Channel, RenderedContent> out = renderer.render(orderShipped, ALL, vars);

        RenderedContent email = out.get(Channel.EMAIL);
        assertThat(email.html()).isEqualTo("<p>Hello &lt;Tom &amp; &quot;Jerry&quot;&gt;, order <b>A&lt;17&gt;</b> arrives soon.</p>");
        assertThat(email.text()).isEqualTo("Hello <Tom & \"Jerry\">, order A<17> arrives soon.");
        assertThat(email.subject()).isEqualTo("Your order A<17> has shipped");
        assertThat(out.get(Channel.WEBSOCKET).title()).isEqualTo("Order A<17> for <Tom & \"Jerry\">");
        assertThat(out.get(Channel.PUSH)).isEqualTo(out.get(Channel.WEBSOCKET));
        assertThat(out.get(Channel.PUSH).body()).isEqualTo("Arrives soon");
    }

    @Test
    void render_missingVariable_failsNamingTheVariableTemplateLocaleAndPart() {
        Map<String, Object> vars = Map.of("displayName", "Ada", "orderId", "A-17");

        assertThatThrownBy(() -> renderer.render(orderShipped, List.of(Channel.PUSH), vars))
                .isInstanceOf(RenderException.class)
                .hasMessage("template 'order-shipped' (locale 'en', body) uses variable 'eta' on line 1, but neither the event's data nor"
                        + " the user's profile has a value for it; add 'eta' to the event's data, or remove it from the template");
    }

    @Test
    void render_nullVariable_failsLikeAMissingOne() {
        Map<String, Object> vars = new HashMap<>(Map.of("displayName", "Ada", "orderId", "A-17"));
        vars.put("eta", null);

        assertThatThrownBy(() -> renderer.render(orderShipped, List.of(Channel.EMAIL), vars)).hasMessageContaining("variable 'eta'");
    }

    @Test
    void render_missingSection_failsInsteadOfRenderingNothing() {
        CompiledTemplate items = renderer.compile(new Template("receipt", "default", "Receipt", "{{#items}}{{name}} x{{quantity}}\n{{/items}}",
                null, null, null));

        assertThat(renderer.render(items, List.of(Channel.WEBSOCKET), Map.of("items", List.of(Map.of("name", "Mug", "quantity", 2))))
                .get(Channel.WEBSOCKET).body()).isEqualTo("Mug x2\n");
        assertThatThrownBy(() -> renderer.render(items, List.of(Channel.WEBSOCKET), Map.of()))
                .hasMessageContaining("template 'receipt' (locale 'default', body) uses variable 'items'");
    }

    @Test
    void render_subjectWithLineBreaks_collapsesThemToOneSpace() {
        Map<String, Object> vars = Map.of("displayName", "Ada", "orderId", "A-17 \r\nBcc: victim@example.com\n\n", "eta", "soon");
        CompiledTemplate multiLine = renderer.compile(new Template("t", "en", null, null, "Order {{orderId}}\r\nshipped\u2028now", null, "x"));

        assertThat(renderer.render(orderShipped, List.of(Channel.EMAIL), vars).get(Channel.EMAIL).subject())
                .isEqualTo("Your order A-17 Bcc: victim@example.com has shipped");
        assertThat(renderer.render(multiLine, List.of(Channel.EMAIL), vars).get(Channel.EMAIL).subject())
                .isEqualTo("Order A-17 Bcc: victim@example.com shipped now")
                .doesNotContain("\r", "\n");
    }

    @Test
    void render_brokenMustacheInHtml_failsEmailButNotWebSocket() {
        CompiledTemplate broken = renderer.compile(new Template("t", "fr", "Titre", "Corps", "Sujet", "<p>{{#open}}</p>", "texte"));

        assertThat(renderer.render(broken, List.of(Channel.WEBSOCKET), Map.of()).get(Channel.WEBSOCKET).title()).isEqualTo("Titre");
        assertThatThrownBy(() -> renderer.render(broken, List.of(Channel.EMAIL), Map.of()))
                .hasMessageStartingWith("template 't' (locale 'fr', html) is not valid Mustache:")
                .hasMessageEndingWith("fix it in the Templates table");
    }

    @Test
    void render_partTheChannelNeedsIsAbsent_failsSayingWhatToAdd() {
        CompiledTemplate pushOnly = renderer.compile(new Template("t", "en", "Title", "Body", null, null, null));
        CompiledTemplate noBodies = renderer.compile(new Template("t", "en", null, null, "Subject", null, null));

        assertThatThrownBy(() -> renderer.render(pushOnly, List.of(Channel.EMAIL), Map.of()))
                .hasMessage("template 't' (locale 'en') has no subject, which email messages need; add a subject attribute to the Templates row");
        assertThatThrownBy(() -> renderer.render(noBodies, List.of(Channel.EMAIL), Map.of())).hasMessageContaining("has neither html nor text");
        assertThatThrownBy(() -> renderer.render(noBodies, List.of(Channel.PUSH), Map.of())).hasMessageContaining("has no title, which push messages need");
    }

    @Test
    void render_emailWithTextOnly_leavesHtmlNull() {
        CompiledTemplate textOnly = renderer.compile(new Template("t", "en", null, null, "Hi", null, "Plain {{x}}"));

        RenderedContent email = renderer.render(textOnly, List.of(Channel.EMAIL), Map.of("x", "&")).get(Channel.EMAIL);

        assertThat(email).isEqualTo(RenderedContent.email("Hi", null, "Plain &"));
    }

    @Test
    void render_partialNamingAFilePath_isRefusedPerRecipientWithTheRule_andReadsNoFile() {
        // {{> name}} includes another template; a loader would turn the name into a path. Herald has none: refused, never read.
        CompiledTemplate traversal = renderer.compile(new Template("evil", "default", "{{> ../../../../etc/passwd}}", "b", "s",
                "<p>{{>/etc/passwd}}</p>", "t"));

        assertThatThrownBy(() -> renderer.render(traversal, List.of(Channel.WEBSOCKET), Map.of()))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("template 'evil' (locale 'default', title)")
                .hasMessageContaining("includes '../../../../etc/passwd'")
                .hasMessageContaining("partials are not supported")
                .hasMessageNotContaining("root:");
        assertThatThrownBy(() -> renderer.render(traversal, List.of(Channel.EMAIL), Map.of()))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("(locale 'default', html)")
                .hasMessageContaining("includes '/etc/passwd'");
    }

    @Test
    void compile_htmlWithATripleMustacheAmpersandOrDelimiterChange_isRefusedNamingTheTag_andNothingRendersUnescaped() {
        Map<String, Object> data = Map.of("orderId", "<script>alert(1)</script>");
        for (String html : List.of("<p>{{{orderId}}}</p>", "<p>\n{{& orderId}}</p>", "{{=<% %>=}}<p><%& orderId %></p>", "<p>{{ {orderId} }}</p>")) {
            CompiledTemplate t = renderer.compile(new Template("raw", "en", "t", "b", "s", html, "{{{orderId}}} in text is plain text"));

            assertThatThrownBy(() -> renderer.render(t, List.of(Channel.EMAIL), data)).as(html)
                    .isInstanceOf(RenderException.class)
                    .hasMessageContaining("template 'raw' (locale 'en', html) writes '{{")
                    .hasMessageContaining("without escaping")
                    .hasMessageContaining("write {{name}} instead")
                    .hasMessageNotContaining("<script>");
        }
        CompiledTemplate textOnly = renderer.compile(new Template("raw", "en", "t", "b", "s", null, "{{{orderId}}}"));
        assertThat(renderer.render(textOnly, List.of(Channel.EMAIL), data).get(Channel.EMAIL).text()).isEqualTo("<script>alert(1)</script>");
    }
}
