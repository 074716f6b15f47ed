package dev.herald.push;

import com.google.firebase.messaging.AndroidConfig;
import com.google.firebase.messaging.AndroidNotification;
import com.google.firebase.messaging.Message;
import com.google.firebase.messaging.Notification;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the FCM v1 message of a push (the shape of {@code fcm-v1-send-request.json}).
 * https://firebase.google.com/docs/reference/fcm/rest/v1/projects.messages
 */
final class FcmMessages {
    private FcmMessages() {
    }

    /** The payload's data without the keys FCM reserves ({@code from}, {@code message_type}, {@code google.*}, {@code gcm.*}). */
    static Map<String, String> data(PushPayload payload) {
        Map<String, String> data = new LinkedHashMap<>();
        payload.stringData().forEach((k, v) -> {
            if (!k.isEmpty() && !k.equals("from") && !k.equals("notification") && !k.equals("message_type")
                    && !k.startsWith("google") && !k.startsWith("gcm")) {
                data.put(k, v);
            }
        });
        return data;
    }

    /** @throws IllegalArgumentException when firebase-admin refuses a field */
    static Message message(PushPayload payload, Map<String, String> data, String token) {
        AndroidNotification.Builder android = AndroidNotification.builder().setTag(payload.collapseId().toString());
        if (payload.category() != null) {
            android.setChannelId(payload.category());
        }
        return Message.builder()
                .setToken(token)
                .setNotification(Notification.builder().setTitle(payload.title()).setBody(payload.body()).build())
                .putAllData(data)
                .setAndroidConfig(AndroidConfig.builder()
                        .setPriority(payload.urgent() ? AndroidConfig.Priority.HIGH : AndroidConfig.Priority.NORMAL)
                        .setNotification(android.build())
                        .build())
                .build();
    }
}
