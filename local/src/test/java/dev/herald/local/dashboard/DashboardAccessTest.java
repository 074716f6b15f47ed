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

    @Test
    void trustedHost_localhostAndIpLiteralsOnly_neverANameARebindingPageCouldOwn() {
        for (String ok : List.of("localhost", "localhost:4566", "127.0.0.1:4566", "192.0.2.2:4566", "[::1]:4566", "LOCALHOST")) {
            assertThat(DashboardGuard.trustedHost(ok)).as(ok).isTrue();
        }
        for (String bad : List.of("attacker.example", "attacker.example:4566", "localhost.attacker.example", "127.0.0.1.nip.io:4566",
                "user@127.0.0.1", "127.0.0.1/x", "")) {
            assertThat(DashboardGuard.trustedHost(bad)).as(bad).isFalse();
        }
    }
}
