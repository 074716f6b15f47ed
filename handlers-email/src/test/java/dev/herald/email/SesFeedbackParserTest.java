package dev.herald.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.testing.Fixtures;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SesFeedbackParserTest {

    @Test
    void parse_bounceFixture_isAPermanentBounceOfItsRecipientAndDelivery() {
        var parsed = SesFeedbackParser.parse(Fixtures.read("ses-bounce-eventbridge.json"));
        assertThat(parsed).isInstanceOf(SesFeedback.Feedback.class);
        SesFeedback f = ((SesFeedback.Feedback) parsed).feedback();
        assertThat(f.kind()).isEqualTo(SesFeedback.Kind.PERMANENT_BOUNCE);
        assertThat(f.recipients()).containsExactly("ada@example.com");
        assertThat(f.deliveryId()).isEqualTo("dlv-01JD4R9C5E7G9J1L3N5Q7S9U1W");
        assertThat(f.feedbackId()).isEqualTo("0102019a96c3eb27-8d1f5c3a-6e29-4b0d-a7c4-9e3f1b2d6a58-000000");
        assertThat(f.at()).isEqualTo(Instant.parse("2025-11-18T09:43:21.904Z"));
        assertThat(f.reason()).startsWith("SES bounce: Permanent/General, status 5.1.1").doesNotContain("ada@example.com");
    }

    @Test
    void parse_complaintFixture_isAComplaint() {
        SesFeedback f = ((SesFeedback.Feedback) SesFeedbackParser.parse(Fixtures.read("ses-complaint-eventbridge.json"))).feedback();
        assertThat(f.kind()).isEqualTo(SesFeedback.Kind.COMPLAINT);
        assertThat(f.recipients()).containsExactly("grace@example.com");
        assertThat(f.deliveryId()).isEqualTo("dlv-01JD4RA2C4E6G8J0L2N4Q6S8U0");
        assertThat(f.reason()).isEqualTo("SES complaint: abuse");
    }

    @Test
    void parse_transientBounce_isNotPermanent() {
        String body = Fixtures.read("ses-bounce-eventbridge.json").replace("\"Permanent\"", "\"Transient\"");
        assertThat(((SesFeedback.Feedback) SesFeedbackParser.parse(body)).feedback().kind()).isEqualTo(SesFeedback.Kind.TRANSIENT_BOUNCE);
        String undetermined = Fixtures.read("ses-bounce-eventbridge.json").replace("\"Permanent\"", "\"Undetermined\"");
        assertThat(((SesFeedback.Feedback) SesFeedbackParser.parse(undetermined)).feedback().kind()).isEqualTo(SesFeedback.Kind.TRANSIENT_BOUNCE);
    }

    @Test
    void parse_whenNotAnSesBounceOrComplaint_saysWhy() {
        assertThat(SesFeedbackParser.parse("{\"source\":\"aws.ses\",\"detail\":{\"eventType\":\"Bou"))
                .isInstanceOf(SesFeedback.Malformed.class);
        assertThat(SesFeedbackParser.parse(Fixtures.read("eventbridge-order-shipped.json")))
                .isInstanceOfSatisfying(SesFeedback.Malformed.class, m -> assertThat(m.why()).contains("not aws.ses"));
        assertThat(SesFeedbackParser.parse(Fixtures.read("ses-bounce-eventbridge.json").replace("\"bouncedRecipients\"", "\"x\"")))
                .isInstanceOfSatisfying(SesFeedback.Malformed.class, m -> assertThat(m.why()).contains("bouncedRecipients"));
        assertThat(SesFeedbackParser.parse(Fixtures.read("ses-bounce-eventbridge.json").replace("\"Bounce\"", "\"Delivery\"")))
                .isInstanceOf(SesFeedback.Ignored.class);
    }
}
