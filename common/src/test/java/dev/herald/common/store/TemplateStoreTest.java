package dev.herald.common.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.store.TemplateStore.Template;
import dev.herald.common.store.TemplateStore.TemplateSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateStoreTest {
    @Test
    void chain_regionalLocale_triesRegionThenLanguageThenDefaultThenEnglish() {
        assertThat(LocaleFallback.chain("fr-CA")).containsExactly("fr-CA", "fr", "default", "en");
        assertThat(LocaleFallback.chain("zh-Hant-TW")).containsExactly("zh-Hant-TW", "zh-Hant", "zh", "default", "en");
    }

    @Test
    void chain_englishVariant_triesEnglishBeforeDefault() {
        assertThat(LocaleFallback.chain("en-GB")).containsExactly("en-GB", "en", "default");
    }

    @Test
    void chain_noPreference_triesDefaultThenEnglish() {
        assertThat(LocaleFallback.chain(null)).containsExactly("default", "en");
        assertThat(LocaleFallback.chain(" ")).containsExactly("default", "en");
        assertThat(LocaleFallback.chain("default")).containsExactly("default", "en");
    }

    @Test
    void chain_nonCanonicalSpelling_isCanonicalised() {
        assertThat(LocaleFallback.chain("fr_ca")).containsExactly("fr-CA", "fr", "default", "en");
        assertThat(LocaleFallback.chain("en-US-u-ca-gregory")).containsExactly("en-US", "en", "default");
    }

    @Test
    void resolve_frCanadian_matchesFrenchAndSaysSo() {
        TemplateSet set = TemplateSet.of("order-shipped", List.of(row("fr"), row("default"), row("en")));
        assertThat(set.resolve("fr-CA")).map(Template::locale).contains("fr");
        assertThat(set.resolve("de")).map(Template::locale).contains("default");
        assertThat(set.resolve(null)).map(Template::locale).contains("default");
    }

    @Test
    void resolve_rowStoredInOtherCase_stillMatches() {
        TemplateSet set = TemplateSet.of("t", List.of(row("fr-ca")));
        assertThat(set.resolve("fr-CA")).map(Template::locale).contains("fr-ca");
    }

    @Test
    void resolve_noDefaultButEnglish_fallsBackToEnglishLast() {
        TemplateSet set = TemplateSet.of("t", List.of(row("fr"), row("en")));
        assertThat(set.resolve("de")).map(Template::locale).contains("en");
    }

    @Test
    void resolve_noLocaleOfTheChain_isEmpty() {
        TemplateSet set = TemplateSet.of("t", List.of(row("fr")));
        assertThat(set.resolve("de")).isEmpty();
    }

    @Test
    void idProblem_validSlugs_areAccepted() {
        assertThat(TemplateStore.idProblem("order-shipped")).isEmpty();
        assertThat(TemplateStore.idProblem("v2.deal_started")).isEmpty();
        assertThat(TemplateStore.idProblem("a".repeat(128))).isEmpty();
    }

    @Test
    void idProblem_pathTraversalAndOtherShapes_areRefusedWithTheRule() {
        for (String bad : List.of("../etc/passwd", "orders/shipped", "Order-Shipped", "-leading", ".hidden", "a b", "a".repeat(129), "caf\u00e9")) {
            assertThat(TemplateStore.idProblem(bad)).as(bad).hasValueSatisfying(p -> assertThat(p).contains("a-z, 0-9"));
        }
        assertThat(TemplateStore.idProblem(null)).hasValueSatisfying(p -> assertThat(p).contains("template id is missing"));
    }

    private static Template row(String locale) {
        return new Template("t", locale, "title " + locale, "body", "subject", "<p>html</p>", "text");
    }
}
