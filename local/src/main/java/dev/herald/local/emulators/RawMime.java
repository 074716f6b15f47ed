package dev.herald.local.emulators;

import java.util.Map;

/** Just enough MIME reading to show a raw email: top-level headers (unfolded) and the text after them. */
final class RawMime {
    private RawMime() {
    }

    static void parse(String raw, Map<String, String> headers) {
        String head = raw.split("\\r?\\n\\r?\\n", 2)[0];
        String unfolded = head.replaceAll("\\r?\\n[ \\t]+", " ");
        for (String line : unfolded.split("\\r?\\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
    }

    static String body(String raw) {
        String[] parts = raw.split("\\r?\\n\\r?\\n", 2);
        return parts.length == 2 ? parts[1] : "";
    }
}
