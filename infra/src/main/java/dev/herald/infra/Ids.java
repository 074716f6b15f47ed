package dev.herald.infra;

/** Construct ids from Topology names: {@code herald-push-dlq} becomes {@code HeraldPushDlq}. */
final class Ids {
    private Ids() {
    }

    static String of(String prefix, String name) {
        StringBuilder id = new StringBuilder(prefix);
        boolean upper = true;
        for (char c : name.toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                id.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            } else {
                upper = true;
            }
        }
        return id.toString();
    }
}
