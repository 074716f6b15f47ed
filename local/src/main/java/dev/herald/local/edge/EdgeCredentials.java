package dev.herald.local.edge;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;

/**
 * The access key the edge port's AWS APIs take. On loopback it is {@code local}/{@code local} and not checked (only
 * this machine can call). Beyond loopback ({@code --host 0.0.0.0} or a LAN address) it is a random key and secret,
 * new at every start and printed by {@code herald up}, and every AWS API call must carry a valid SigV4 signature
 * made with it ({@link SigV4Verifier}) - otherwise anyone on the network could read the secrets (JWT signing key,
 * APNs key) and every table and queue.
 *
 * @param enforced whether calls must be signed with this key
 */
public record EdgeCredentials(String accessKeyId, String secretAccessKey, boolean enforced) {
    private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /** {@code local}/{@code local}, unchecked, for a loopback {@code host}; a new random enforced key otherwise. */
    public static EdgeCredentials forHost(String host) {
        if (isLoopback(host)) {
            return new EdgeCredentials("local", "local", false);
        }
        SecureRandom random = new SecureRandom();
        return new EdgeCredentials("AKHERALD" + randomString(random, KEY_ALPHABET, 12), randomString(random, SECRET_ALPHABET, 40), true);
    }

    /** True for {@code localhost} and loopback literals; {@code 0.0.0.0} and every other interface are not. */
    public static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String randomString(SecureRandom random, String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        // never the secret: this record is logged and printed in exceptions
        return "EdgeCredentials[accessKeyId=" + accessKeyId + ", enforced=" + enforced + "]";
    }
}
