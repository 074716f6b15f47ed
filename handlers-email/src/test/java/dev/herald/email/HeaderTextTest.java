package dev.herald.email;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeaderTextTest {

    @Test
    void singleLine_replacesEveryLineBreakAndControlCharacterWithSpaces() {
        String out = HeaderText.singleLine("Shipped\r\nBcc: eve@example.com\rX: 1\nY: 2\u0085Z\u2028W\u2029V\u0000U\tT");
        assertThat(out).doesNotContain("\r", "\n", "\u0085", "\u2028", "\u2029", "\u0000", "\t");
        assertThat(out).isEqualTo("Shipped  Bcc: eve@example.com X: 1 Y: 2 Z W V U T");
    }

    @Test
    void singleLine_keepsOrdinaryTextAndUnicode() {
        assertThat(HeaderText.singleLine("Votre commande A-17 est expédiée ✓")).isEqualTo("Votre commande A-17 est expédiée ✓");
        assertThat(HeaderText.singleLine(null)).isNull();
    }
}
