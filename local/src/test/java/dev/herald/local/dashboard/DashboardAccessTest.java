package dev.herald.local.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Who may read the dashboard's data (every user's tokens, addresses, links and ledger rows) and mint dev tokens. */
class DashboardAccessTest {
    @Test
    void isLoopback_onlyForThisMachinesAddresses() {
        for (String local : List.of("127.0.0.1", "127.0.0.2", "::1", "0:0:0:0:0:0:0:1")) {
            assertThat(Dashboard.isLoopback(local)).as(local).isTrue();
        }
        for (String remote : List.of("10.0.0.7", "192.168.1.20", "172.17.0.1", "2001:db8::1", "fe80::1", "0.0.0.0")) {
            assertThat(Dashboard.isLoopback(remote)).as(remote).isFalse();
        }
    }
}
