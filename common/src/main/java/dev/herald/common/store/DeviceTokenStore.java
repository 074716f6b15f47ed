package dev.herald.common.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The mobile devices a user receives push notifications on (table {@code herald-device-tokens}:
 * partition key {@code userId}, sort key {@code token}). A token stays registered while its app keeps
 * re-registering it: every {@link #register} refreshes {@code lastSeen} and pushes the row's TTL
 * ({@code expiresAt}) out again, so tokens of apps that were removed or never opened again expire on
 * their own. Delivery removes tokens APNs or FCM declare dead.
 *
 * <p>A token has one owner: registering a token another user holds moves it ({@link #register}).
 *
 * <p>Item shape: {@code userId} (S), {@code token} (S), {@code platform} (S, {@code ios|android}),
 * {@code app} (S, the iOS bundle id / Android package, optional for Android), {@code lastSeen} (S, ISO-8601),
 * {@code expiresAt} (N, epoch seconds, the table's TTL attribute), {@code createdAt} (S, ISO-8601).
 *
 * <p>Failure: implementations throw the SDK's unchecked exceptions for infrastructure faults (the caller
 * turns them into a retry or a 5xx); they never throw for a missing row.
 */
public interface DeviceTokenStore {

    /** The push service a token belongs to. */
    enum Platform {
        IOS, ANDROID;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Platform> fromWireName(String name) {
            return Arrays.stream(values()).filter(p -> p.wireName().equals(name)).findFirst();
        }
    }

    /**
     * One registered device.
     *
     * @param app       the APNs topic (bundle id) for iOS; the package name or null for Android
     * @param lastSeen  when the app last registered this token
     * @param expiresAt when DynamoDB's TTL removes the row unless the app registers again
     */
    record DeviceToken(String userId, String token, Platform platform, String app, Instant lastSeen, Instant expiresAt) {
    }

    /** The outcome of {@link #register}: the row as stored, and whether it is new. */
    record Registered(DeviceToken device, boolean created) {
    }

    /**
     * Creates the row, or refreshes it (platform, app, {@code lastSeen}, {@code expiresAt}) if the user
     * already registered this token. A token belongs to one device and so to one user: if another user
     * held it, it moves to {@code userId} in the same write, and the earlier holder's {@link #forUser}
     * (what push delivery reads) no longer lists it.
     *
     * @throws IllegalArgumentException if {@code userId} contains {@code '#'} (reserved for the store's own rows)
     */
    Registered register(String userId, String token, Platform platform, String app);

    /** The user's devices whose TTL has not passed (DynamoDB removes expired rows only eventually). */
    List<DeviceToken> forUser(String userId);

    /**
     * Removes one of the user's tokens. Only the user's own row (and the token's owner mark, if it names the
     * user) is touched, so a user can never remove someone else's device.
     *
     * @return true if the row existed and was removed; false if the user has no such token
     */
    boolean delete(String userId, String token);

    /**
     * Removes a token a push service declared invalid at {@code invalidSince}, unless the app registered
     * it again after that instant (APNs' 410 {@code Unregistered} carries such a timestamp, and a device
     * may re-register before the answer arrives).
     *
     * @return true if removed; false if absent or re-registered since
     */
    boolean deleteUnlessSeenAfter(String userId, String token, Instant invalidSince);
}
