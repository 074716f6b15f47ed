package dev.herald.push;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;

/**
 * The JSON body of an APNs alert: {@code aps.alert} with title and body, the default sound, the
 * category as {@code thread-id} (iOS groups a thread's notifications), and the payload's data as
 * custom keys beside {@code aps}.
 * https://developer.apple.com/documentation/usernotifications/generating-a-remote-notification
 */
final class ApnsPayloads {
    /** Apple's limit for a regular remote notification. */
    static final int MAX_BYTES = 4096;

    private ApnsPayloads() {
    }

    static String json(PushPayload p) {
        ObjectNode root = Json.object();
        ObjectNode aps = root.putObject("aps");
        ObjectNode alert = aps.putObject("alert");
        alert.put("title", p.title());
        if (p.body() != null) {
            alert.put("body", p.body());
        }
        aps.put("sound", "default");
        if (p.category() != null) {
            aps.put("thread-id", p.category());
        }
        // "aps" belongs to Apple; a producer field of that name would replace the alert
        p.data().properties().forEach(e -> {
            if (!e.getKey().equals("aps")) {
                root.set(e.getKey(), e.getValue());
            }
        });
        return Json.write(root);
    }
}
