package dev.herald.email;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {"ada@example.com", "Ada.Lovelace+herald@mail.example.co.uk", "o'brien@example.ie", "x@xn--bcher-kva.example"})
    void problem_whenAddressIsSane_isEmpty(String address) {
        assertThat(EmailAddresses.problem(address)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ada", "ada@", "@example.com", "ada@@example.com", "ada@example", "ada@exa_mple.com",
            ".ada@example.com", "ada..l@example.com", "ada lovelace@example.com", "ada@example.com\r\nBcc: x@example.com",
            "ada@example.com\n", "Ada <ada@example.com>", "adä@example.com", "ada@-example.com", "ada@example.c0m"})
    void problem_whenAddressIsMalformed_saysWhy(String address) {
        assertThat(EmailAddresses.problem(address)).isPresent();
    }

    @Test
    void problem_whenAddressHasLineBreak_namesIt() {
        assertThat(EmailAddresses.problem("ada@example.com\r\nBcc: eve@example.com")).contains("it contains a line break");
    }

    @Test
    void problem_whenLongerThan254_isRefused() {
        String address = "a".repeat(64) + "@" + ("b".repeat(60) + ".").repeat(3) + "example.com";
        assertThat(address.length()).isGreaterThan(254);
        assertThat(EmailAddresses.problem(address)).get().asString().contains("at most 254");
        String ok = "a".repeat(64) + "@" + ("b".repeat(60) + ".").repeat(2) + "example.com";
        assertThat(EmailAddresses.problem(ok)).isEmpty();
    }

    @Test
    void canonical_lowerCasesAndTrims() {
        assertThat(EmailAddresses.canonical("  Ada@Example.COM ")).isEqualTo("ada@example.com");
    }
}
