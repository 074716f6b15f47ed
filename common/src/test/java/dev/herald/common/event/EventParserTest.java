package dev.herald.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.testing.Fixtures;
import org.junit.jupiter.api.Test;

class EventParserTest {
    @Test
    void parse_fixtureOrderShipped_isValid() {
        ParsedEvent parsed = EventParser.parse(Fixtures.read("eventbridge-order-shipped.json"));
        assertThat(parsed).isInstanceOf(ParsedEvent.Valid.class);
        HeraldEvent e = ((ParsedEvent.Valid) parsed).event();
        assertThat(e.detailType()).isEqualTo("order.shipped");
        assertThat(e.notificationId()).isEqualTo("ntf-01JD4R6Z9K3Q7M2N8P5T1V0WXA");
        assertThat(e.detail().recipients()).containsExactly(new Recipient.User("user-1"), new Recipient.User("user-2"));
        assertThat(e.detail().priority()).isEqualTo(Priority.NORMAL);
        assertThat(e.detail().data().get("orderId").asText()).isEqualTo("SO-10042");
    }

    @Test
    void parse_idsContainingTheLedgerKeySeparator_areRefusedWithTheReason() {
        // "email#u" as notificationId would be DeliveryIds.of("notification", EMAIL, "u"): another delivery's row
        String body = """
                {"id":"e3","source":"shop","detail-type":"x","detail":{"notificationId":"email#u",
                 "recipients":["user#2", "topic:deals#vip", "user-3"]}}""";
        ParsedEvent.Invalid invalid = (ParsedEvent.Invalid) EventParser.parse(body);
        assertThat(invalid.problems()).extracting(Problem::field).containsExactlyInAnyOrder(
                "detail.notificationId", "detail.recipients[0]", "detail.recipients[1]");
        assertThat(invalid.problems()).allSatisfy(p -> assertThat(p.message()).contains("contains '#'").contains("use an id without '#'"));
    }

    @Test
    void parse_manyProblems_reportsEveryOneWithItsField() {
        String body = """
                {"id":"e1","source":"shop","detail-type":"x","detail":{"recipients":["u1", 7, "topic:"],
                 "priority":"urgent","channels":["fax"],"data":[1],"locale":"??"}}""";
        ParsedEvent.Invalid invalid = (ParsedEvent.Invalid) EventParser.parse(body);
        assertThat(invalid.eventId()).contains("e1");
        assertThat(invalid.problems()).extracting(Problem::field).containsExactlyInAnyOrder(
                "detail.recipients[1]", "detail.recipients[2]", "detail.priority", "detail.channels[0]", "detail.data", "detail.locale");
        assertThat(invalid.reason()).contains("'urgent' is not one of normal, high, critical");
    }

    @Test
    void parse_envelopeAndDetailProblems_areReportedTogether_eachWithItsFix() {
        String body = """
                {"id":"e2","source":"","time":"yesterday","detail":{"recipients":"user-1","notificationId":"","category":7}}""";
        ParsedEvent.Invalid invalid = (ParsedEvent.Invalid) EventParser.parse(body);
        assertThat(invalid.problems()).extracting(Problem::field).containsExactlyInAnyOrder(
                "source", "detail-type", "time", "detail.recipients", "detail.notificationId", "detail.category");
        assertThat(invalid.problems()).allSatisfy(p -> assertThat(p.message()).containsAnyOf("set it to", "send", "use", "write", "such as",
                "must be", "left out"));
        assertThat(invalid.reason()).contains("source: is missing or empty; set it to the producing application, e.g. shop.orders")
                .contains("detail-type: is missing or empty; set it to the event type, e.g. order.shipped")
                .contains("time: 'yesterday' is not an ISO-8601 instant such as 2026-11-22T10:00:00Z")
                .contains("detail.recipients: must be an array of strings, e.g. [\"user-1\"]");
    }

    @Test
    void validateDetail_returnsEveryProblemOfADetailAlone() {
        var problems = EventParser.validateDetail(dev.herald.common.json.Json.tree("{\"priority\":\"low\",\"channels\":\"push\"}"));
        assertThat(problems).extracting(Problem::field).containsExactlyInAnyOrder("detail.recipients", "detail.priority", "detail.channels");
    }

    @Test
    void parse_malformedJson_saysWhere() {
        ParsedEvent.Invalid invalid = (ParsedEvent.Invalid) EventParser.parse("{\"id\": ");
        assertThat(invalid.reason()).startsWith("body: malformed JSON at line 1");
    }

    @Test
    void parse_topicRecipient_isTopic() {
        ParsedEvent.Valid v = (ParsedEvent.Valid) EventParser.parse(
                "{\"id\":\"e\",\"source\":\"s\",\"detail-type\":\"t\",\"detail\":{\"recipients\":[\"topic:deals\"],\"extra\":1}}");
        assertThat(v.event().detail().recipients()).containsExactly(new Recipient.Topic("deals"));
        assertThat(v.event().detail().raw().get("extra").asInt()).isEqualTo(1);
    }
}
