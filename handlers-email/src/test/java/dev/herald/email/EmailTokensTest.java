package dev.herald.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class EmailTokensTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private final EmailTokens tokens = new EmailTokens(KEY, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void verify_whenIssuedForThisPurpose_givesUserAndBindsAddressAndNonce() {
        String token = tokens.issue(EmailTokens.Purpose.CONFIRM, "user-1", "Ada@Example.com", "n1");
        var v = tokens.verify(token, EmailTokens.Purpose.CONFIRM);
        assertThat(v).isInstanceOf(EmailTokens.Claims.class);
        var claims = (EmailTokens.Claims) v;
        assertThat(claims.userId()).isEqualTo("user-1");
        assertThat(claims.expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(7)));
        assertThat(tokens.belongsTo(claims, "ada@example.com", "n1")).isTrue();
        assertThat(tokens.belongsTo(claims, "grace@example.com", "n1")).isFalse();
        assertThat(tokens.belongsTo(claims, "ada@example.com", "n2")).isFalse();
    }

    @Test
    void issue_neverPutsTheAddressInTheToken() {
        String token = tokens.issue(EmailTokens.Purpose.UNSUBSCRIBE, "user-1", "ada@example.com", "n1");
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(token + payload).doesNotContain("ada", "example.com");
        assertThat(token).matches("[A-Za-z0-9._-]+");
    }

    @Test
    void verify_whenSignatureForged_isInvalid() {
        String token = tokens.issue(EmailTokens.Purpose.CONFIRM, "user-1", "ada@example.com", "n1");
        String forged = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
        assertThat(tokens.verify(forged, EmailTokens.Purpose.CONFIRM)).isInstanceOf(EmailTokens.Invalid.class);
    }

    @Test
    void verify_whenPayloadChangedToAnotherUser_isInvalid() {
        String token = tokens.issue(EmailTokens.Purpose.CONFIRM, "user-1", "ada@example.com", "n1");
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("user-1", "user-2");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        assertThat(tokens.verify(tampered, EmailTokens.Purpose.CONFIRM))
                .isEqualTo(new EmailTokens.Invalid("the token's signature does not match"));
    }

    @Test
    void verify_whenSignedWithAnotherKey_isInvalid() {
        var other = new EmailTokens("another-key-another-key-another-key!".getBytes(StandardCharsets.US_ASCII), Clock.fixed(NOW, ZoneOffset.UTC));
        String token = other.issue(EmailTokens.Purpose.CONFIRM, "user-1", "ada@example.com", "n1");
        assertThat(tokens.verify(token, EmailTokens.Purpose.CONFIRM)).isInstanceOf(EmailTokens.Invalid.class);
    }

    @Test
    void verify_whenForAnotherPurpose_isInvalid() {
        String token = tokens.issue(EmailTokens.Purpose.UNSUBSCRIBE, "user-1", "ada@example.com", "n1");
        assertThat(tokens.verify(token, EmailTokens.Purpose.CONFIRM))
                .isEqualTo(new EmailTokens.Invalid("the token is for unsubscribe, not confirm"));
    }

    @Test
    void verify_afterExpiry_isExpired() {
        String token = tokens.issue(EmailTokens.Purpose.CONFIRM, "user-1", "ada@example.com", "n1");
        var later = new EmailTokens(KEY, Clock.fixed(NOW.plus(Duration.ofDays(7)), ZoneOffset.UTC));
        assertThat(later.verify(token, EmailTokens.Purpose.CONFIRM)).isEqualTo(new EmailTokens.Expired(NOW.plus(Duration.ofDays(7))));
        var justBefore = new EmailTokens(KEY, Clock.fixed(NOW.plus(Duration.ofDays(7)).minusSeconds(1), ZoneOffset.UTC));
        assertThat(justBefore.verify(token, EmailTokens.Purpose.CONFIRM)).isInstanceOf(EmailTokens.Claims.class);
    }

    @Test
    void verify_whenGarbage_isInvalidNeverThrows() {
        for (String garbage : new String[] {null, "", "abc", "v1..", "v1.!!!.###", "v2.a.b", "v1." + "A".repeat(2000) + ".x"}) {
            assertThat(tokens.verify(garbage, EmailTokens.Purpose.CONFIRM)).isInstanceOf(EmailTokens.Invalid.class);
        }
    }
}
