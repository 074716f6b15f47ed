package dev.herald.router;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the router's integration tests stand on: enrichment served over the real Lambda Invoke protocol
 * ({@link LambdaInvokeServer}, one per test class), the bundled routes' {@link RouterHandler} on the local
 * engines, and empty channel queues before each test.
 */
abstract class RouterHandlerFixture {
    static LambdaInvokeServer lambda;
    static RouterHandler handler;

    @BeforeAll
    static void startEnrichment() throws Exception {
        lambda = new LambdaInvokeServer();
        handler = RouterRig.handler(lambda);
    }

    @AfterAll
    static void stopEnrichment() {
        lambda.close();
    }

    @BeforeEach
    void emptyChannelQueues() {
        RouterRig.purgeChannelQueues();
    }
}
