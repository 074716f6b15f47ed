package dev.herald.local.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.common.json.Json;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What every dashboard request passes before its handler runs, so that a web page elsewhere cannot use the
 * dashboard through the person's browser:
 * <ul>
 *   <li>{@code Host} must be {@code localhost} or an IP address: a DNS-rebinding page reaches {@code herald up}
 *       under its own name, which is refused (403);</li>
 *   <li>{@code Origin}, when the browser sends one, must be this same {@code http://<Host>} (403 otherwise);</li>
 *   <li>a state-changing call (POST, DELETE) must also send {@code Content-Type: application/json} when it has a
 *       body (a cross-site form cannot) and this run's token in {@value #TOKEN_HEADER} (403 without it, 415 for
 *       another content type). The token is new at every start and written into the dashboard page, which only
 *       a same-origin script can read.</li>
 * </ul>
 */
public final class DashboardGuard {
    /** The header state-changing dashboard calls carry this run's token in. */
    public static final String TOKEN_HEADER = "X-Herald-Dashboard-Token";
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final String token;

    /** @param token this run's token (random, at least 32 characters) */
    public DashboardGuard(String token) {
        if (token.length() < 32) {
            throw new IllegalArgumentException("the dashboard token has " + token.length() + " characters; use at least 32 random ones");
        }
        this.token = token;
    }

    /** A guard with a new random token (256 bits). */
    public static DashboardGuard random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return new DashboardGuard(HexFormat.of().formatHex(bytes));
    }

    /** This run's token, which the dashboard page carries. */
    public String token() {
        return token;
    }

    /** {@code handler} behind the Host and Origin checks. */
    Handler read(Handler handler) {
        return ctx -> {
            if (sameSite(ctx)) {
                handler.handle(ctx);
            }
        };
    }

    /** {@code handler} behind the Host and Origin checks, a JSON content type (when there is a body) and this run's token. */
    Handler change(Handler handler) {
        return ctx -> {
            if (!sameSite(ctx)) {
                return;
            }
            String contentType = ctx.contentType();
            boolean hasBody = ctx.bodyAsBytes().length > 0;
            if (hasBody && (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json"))) {
                refuse(ctx, 415, "send the body as Content-Type: application/json (not " + (contentType == null ? "none" : contentType) + ")");
                return;
            }
            String sent = ctx.header(TOKEN_HEADER);
            if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
                refuse(ctx, 403, "send this run's dashboard token in " + TOKEN_HEADER + "; the dashboard page carries it"
                        + " (meta herald-dashboard-token), so only the page herald up served can change anything");
                return;
            }
            handler.handle(ctx);
        };
    }

    private static boolean sameSite(Context ctx) {
        String host = ctx.header("Host");
        if (host == null || !trustedHost(host)) {
            refuse(ctx, 403, "Host '" + host + "' is not localhost or an IP address; the dashboard answers only under those names"
                    + " (a page that points its own domain at this machine must not reach it): open http://localhost:<port>/dashboard");
            return false;
        }
        String origin = ctx.header("Origin");
        if (origin != null && !origin.equalsIgnoreCase("http://" + host)) {
            refuse(ctx, 403, "Origin '" + origin + "' is not this dashboard (http://" + host + "); pages from elsewhere cannot call it");
            return false;
        }
        return true;
    }

    /** {@code localhost} or an IP literal, with an optional port: names a DNS-rebinding attacker cannot own. */
    static boolean trustedHost(String hostHeader) {
        URI uri;
        try {
            uri = URI.create("http://" + hostHeader.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        String name = uri.getHost();
        if (name == null || uri.getRawPath() != null && !uri.getRawPath().isEmpty() || uri.getRawUserInfo() != null) {
            return false;
        }
        name = name.toLowerCase(Locale.ROOT);
        if (name.equals("localhost")) {
            return true;
        }
        if (name.startsWith("[") && name.endsWith("]")) {
            return literal(name.substring(1, name.length() - 1));
        }
        return IPV4.matcher(name).matches() && literal(name);
    }

    private static boolean literal(String address) {
        try {
            // a literal is parsed, never resolved
            InetAddress.getByName(address);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static void refuse(Context ctx, int status, String message) {
        ObjectNode body = Json.object();
        body.put("message", message);
        ctx.status(status).header("Cache-Control", "no-store").contentType("application/json").result(Json.write(body));
    }
}
