package dev.herald.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestCountsTest {
    @Test
    void edgeKey_namesJsonProtocolCallsByServiceAndOperation() {
        assertThat(RequestCounts.edgeKey("POST", "/", "DynamoDB_20120810.PutItem")).isEqualTo("dynamodb:PutItem");
        assertThat(RequestCounts.edgeKey("POST", "/", "AmazonSQS.SendMessageBatch")).isEqualTo("sqs:SendMessageBatch");
        assertThat(RequestCounts.edgeKey("POST", "/", "AWSEvents.PutEvents")).isEqualTo("events:PutEvents");
    }

    @Test
    void edgeKey_namesRestCallsByWhatTheirPathIs() {
        assertThat(RequestCounts.edgeKey("POST", "/live/@connections/abc=", null)).isEqualTo("execute-api:PostToConnection");
        assertThat(RequestCounts.edgeKey("POST", "/v2/email/outbound-emails", null)).isEqualTo("ses:SendEmail");
        assertThat(RequestCounts.edgeKey("POST", "/000000000000/herald-ingress", null)).isEqualTo("sqs:QueryProtocol");
        assertThat(RequestCounts.edgeKey("POST", "/v1/events", null)).isEqualTo("http:POST /v1");
    }

    @Test
    void snapshot_sumsEveryAddPerKey() {
        RequestCounts counts = new RequestCounts();
        counts.add("sqs:SendMessage");
        counts.add("sqs:SendMessage");
        counts.add("dynamodb:Query");
        assertThat(counts.snapshot()).containsEntry("sqs:SendMessage", 2L).containsEntry("dynamodb:Query", 1L).hasSize(2);
    }

    @Test
    void batchItems_countsThePutsAndDeletesOfEveryTableOrTheKeysAskedFor() {
        String write = "{\"RequestItems\":{\"a\":[{\"PutRequest\":{\"Item\":{}}},{\"DeleteRequest\":{\"Key\":{}}}],"
                + "\"b\":[{\"PutRequest\":{\"Item\":{}}}]}}";
        String get = "{\"RequestItems\":{\"a\":{\"Keys\":[{},{},{}]},\"b\":{\"Keys\":[{}],\"ConsistentRead\":true}}}";
        assertThat(RequestCounts.batchItems(write.getBytes())).isEqualTo(3);
        assertThat(RequestCounts.batchItems(get.getBytes())).isEqualTo(4);
        assertThat(RequestCounts.batchItems("not json".getBytes())).isZero();
        String statements = "{\"Statements\":[{\"Statement\":\"UPDATE a\"},{\"Statement\":\"UPDATE a\"}]}";
        assertThat(RequestCounts.batchItems(statements.getBytes())).isEqualTo(2);
    }
}
