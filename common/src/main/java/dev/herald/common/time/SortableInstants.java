package dev.herald.common.time;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Instants written as fixed-width UTC strings ({@code 2026-11-23T10:00:00.000000Z}) so that they sort
 * as text in the order they happened. {@link Instant#toString()} drops trailing zero fractions, so
 * {@code ...:00Z} sorts after {@code ...:00.5Z}: wrong for a DynamoDB sort key such as the ledger's
 * and the connections' {@code byUser} indexes. {@link Instant#parse} reads the result back.
 */
public final class SortableInstants {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private SortableInstants() {
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
