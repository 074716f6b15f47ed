package dev.herald.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CapacityMeterTest {
    private final RequestCounts counts = new RequestCounts();
    private final CapacityMeter meter = new CapacityMeter(counts);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private long units(String key) {
        return counts.snapshot().getOrDefault(key, 0L);
    }

    @Test
    void request_asksForTheTotal_unlessTheCallerAskedItself_andOnlyOnItemCalls() {
        assertThat(new String(meter.request("PutItem", b("{\"TableName\":\"t\",\"Item\":{}}")), StandardCharsets.UTF_8))
                .contains("\"ReturnConsumedCapacity\":\"TOTAL\"");
        assertThat(new String(meter.request("Query", b("{\"TableName\":\"t\",\"ReturnConsumedCapacity\":\"NONE\"}")), StandardCharsets.UTF_8))
                .contains("\"ReturnConsumedCapacity\":\"TOTAL\"");
        byte[] indexes = b("{\"TableName\":\"t\",\"ReturnConsumedCapacity\":\"INDEXES\"}");
        assertThat(meter.request("GetItem", indexes)).isSameAs(indexes);
        byte[] describe = b("{\"TableName\":\"t\"}");
        assertThat(meter.request("DescribeTable", describe)).isSameAs(describe);
        byte[] broken = b("not json");
        assertThat(meter.request("PutItem", broken)).isSameAs(broken);
    }

    @Test
    void answered_addsTheReportedUnits_writesAndReadsApart_listsSummed() {
        meter.answered("PutItem", b("{}"), 200, b("{\"ConsumedCapacity\":{\"TableName\":\"t\",\"CapacityUnits\":3.0}}"));
        meter.answered("BatchWriteItem", b("{}"), 200, b("{\"ConsumedCapacity\":[{\"CapacityUnits\":2.0},{\"CapacityUnits\":1.0}]}"));
        meter.answered("BatchGetItem", b("{}"), 200, b("{\"ConsumedCapacity\":[{\"CapacityUnits\":1.5}]}"));
        meter.answered("Query", b("{}"), 200, b("{\"ConsumedCapacity\":{\"CapacityUnits\":0.5}}"));
        assertThat(units(CapacityMeter.WRITE_UNITS)).isEqualTo(6000);
        assertThat(units(CapacityMeter.READ_UNITS)).isEqualTo(2000);
        assertThat(units(CapacityMeter.WRITE_UNITS + ":BatchWriteItem")).isEqualTo(3000);
        assertThat(units(CapacityMeter.READ_UNITS + ":Query")).isEqualTo(500);
    }

    @Test
    void aRefusedConditionalWrite_costsOneWriteUnit_otherErrorsNothing() {
        meter.answered("UpdateItem", b("{}"), 400, b("{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\"}"));
        meter.answered("PutItem", b("{}"), 400, b("{\"__type\":\"com.amazonaws.dynamodb.v20120810#ValidationException\"}"));
        meter.answered("GetItem", b("{}"), 500, b("not json"));
        assertThat(units(CapacityMeter.WRITE_UNITS)).isEqualTo(1000);
        assertThat(units(CapacityMeter.READ_UNITS)).isZero();
    }

    @Test
    void batchExecuteStatement_chargesEachStatement_writesOneUnit_readsHalfOrOneWhenConsistent() {
        String request = "{\"Statements\":[{\"Statement\":\"UPDATE \\\"t\\\" SET a = ? WHERE k = ?\"},"
                + "{\"Statement\":\"  update \\\"t\\\" SET a = ? WHERE k = ?\"},{\"Statement\":\"SELECT * FROM \\\"t\\\" WHERE k = ?\"},"
                + "{\"Statement\":\"SELECT * FROM \\\"t\\\" WHERE k = ?\",\"ConsistentRead\":true}]}";
        meter.answered("BatchExecuteStatement", b(request), 200, b("{\"Responses\":[]}"));
        meter.answered("BatchExecuteStatement", b(request), 400, b("{\"__type\":\"ValidationException\"}"));
        assertThat(units(CapacityMeter.WRITE_UNITS)).isEqualTo(2000);
        assertThat(units(CapacityMeter.READ_UNITS)).isEqualTo(1500);
    }
}
