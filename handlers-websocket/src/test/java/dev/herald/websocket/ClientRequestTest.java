package dev.herald.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientRequestTest {
    @Test
    void parse_ackReadAndHistory() {
        assertThat(ClientRequest.parse("{\"action\":\"ack\",\"deliveryId\":\"d-1\"}")).isEqualTo(new ClientRequest.Ack("d-1"));
        assertThat(ClientRequest.parse("{\"action\":\"read\",\"deliveryId\":\"d-1\"}")).isEqualTo(new ClientRequest.Read("d-1"));
        assertThat(ClientRequest.parse("{\"action\":\"history\",\"limit\":5}")).isEqualTo(new ClientRequest.History(5));
        assertThat(ClientRequest.parse("{\"action\":\"history\"}")).isEqualTo(new ClientRequest.History(ClientRequest.DEFAULT_HISTORY_LIMIT));
    }

    @Test
    void parse_ackWithoutDeliveryId_saysWhatToSend() {
        assertThat(ClientRequest.parse("{\"action\":\"ack\",\"deliveryId\":7}"))
                .isInstanceOfSatisfying(ClientRequest.Invalid.class, i -> assertThat(i.message())
                        .contains("\"ack\" needs a \"deliveryId\" string").contains("{\"action\":\"ack\",\"deliveryId\":\"...\"}"));
    }

    @Test
    void parse_badLimits_areInvalid() {
        for (String limit : new String[] {"0", "101", "2.5", "\"ten\"", "-1"}) {
            assertThat(ClientRequest.parse("{\"action\":\"history\",\"limit\":" + limit + "}")).as(limit)
                    .isInstanceOf(ClientRequest.Invalid.class);
        }
    }

    @Test
    void parse_notJsonOrNotAnObjectOrNoAction_isInvalid_withUsage() {
        for (String body : new String[] {"", "hello", "[1,2]", "{\"deliveryId\":\"d-1\"}", "{\"action\":5}"}) {
            assertThat(ClientRequest.parse(body)).as(body)
                    .isInstanceOfSatisfying(ClientRequest.Invalid.class, i -> assertThat(i.message()).contains(ClientRequest.USAGE));
        }
    }

    @Test
    void parse_unknownAction_echoesAtMost40Characters() {
        String longName = "x".repeat(500);
        ClientRequest r = ClientRequest.parse("{\"action\":\"" + longName + "\"}");
        assertThat(r).isInstanceOfSatisfying(ClientRequest.Invalid.class,
                i -> assertThat(i.message()).contains("x".repeat(40) + "...").doesNotContain("x".repeat(41)));
    }
}
