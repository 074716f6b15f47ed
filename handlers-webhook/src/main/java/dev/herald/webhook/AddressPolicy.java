package dev.herald.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * The server-side request forgery guard: an endpoint must resolve only to public addresses. Refused: loopback,
 * private (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7 - which holds EC2's IPv6 metadata address fd00:ec2::254),
 * link-local (169.254/16 - the instance metadata service 169.254.169.254 - and fe80::/10), multicast, the unspecified
 * and broadcast addresses. A host that resolves to several addresses is refused if any of them is refused (DNS may
 * hand out either). The caller connects to the {@link Checked#address()} it got, never resolves again, so DNS
 * rebinding cannot switch the target between the check and the connection. Checked at registration and before
 * every send. https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html
 *
 * <p>{@code allowLoopback} (set by {@code herald up} only) admits loopback addresses and plain http to them, so
 * receivers on the developer's machine work.
 */
final class AddressPolicy {
    /** Resolves a host name (the JVM's resolver in production; tests give names of their own). */
    @FunctionalInterface
    interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    /** What the check decided. */
    sealed interface Decision {
    }

    /** Send to {@code address} (one of those checked). */
    record Checked(InetAddress address) implements Decision {
    }

    /** Not sent, for {@code reason} (a permanent refusal: the registration or the DNS must change). */
    record Refused(String reason) implements Decision {
    }

    /** The name did not resolve now (transient: DNS may answer later). */
    record Unresolved(String reason) implements Decision {
    }

    static final Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    private final boolean allowLoopback;
    private final Resolver resolver;

    AddressPolicy(boolean allowLoopback, Resolver resolver) {
        this.allowLoopback = allowLoopback;
        this.resolver = resolver;
    }

    boolean allowsLoopback() {
        return allowLoopback;
    }

    /** What is wrong with the URL itself (scheme, host, user info), or null when it may be checked. */
    String urlProblem(URI url) {
        if (url == null || !url.isAbsolute() || url.getHost() == null) {
            return "the url must be absolute, e.g. https://hooks.example.com/herald";
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && allowLoopback)) {
            return "the url must use https (plain http is only accepted for loopback receivers under herald up)";
        }
        if (url.getRawUserInfo() != null) {
            return "the url must not carry user info; authenticate with the signature instead";
        }
        if (url.getRawFragment() != null) {
            return "the url must not have a fragment";
        }
        return null;
    }

    /** Resolves the URL's host now and decides whether it may be called. */
    Decision check(URI url) {
        String problem = urlProblem(url);
        if (problem != null) {
            return new Refused(problem);
        }
        String host = url.getHost();
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            return new Unresolved("host " + host + " does not resolve: " + e.getMessage());
        }
        if (addresses.isEmpty()) {
            return new Unresolved("host " + host + " resolved to no address");
        }
        for (InetAddress a : addresses) {
            String why = refusal(a);
            if (why != null) {
                return new Refused("host " + host + " resolves to " + a.getHostAddress() + ", " + why
                        + "; webhook endpoints must be public addresses (server-side request forgery guard)");
            }
        }
        boolean loopback = addresses.getFirst().isLoopbackAddress();
        if (!loopback && url.getScheme().equalsIgnoreCase("http")) {
            return new Refused("plain http is only accepted for loopback receivers; use https");
        }
        return new Checked(addresses.getFirst());
    }

    private String refusal(InetAddress a) {
        if (a.isLoopbackAddress()) {
            return allowLoopback ? null : "a loopback address";
        }
        if (a.isAnyLocalAddress()) {
            return "the unspecified address";
        }
        if (a.isLinkLocalAddress()) {
            return "a link-local address (this range holds the instance metadata service)";
        }
        if (a.isMulticastAddress()) {
            return "a multicast address";
        }
        if (a.isSiteLocalAddress()) {
            return "a private address";
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0 || first == 255 && second == 255) {
                return "a reserved address";
            }
            if (first == 100 && second >= 64 && second < 128) {
                return "a shared (carrier-grade NAT) address";
            }
        } else if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return "a unique local address (this range holds the instance metadata service's IPv6 address)";
            }
            if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
                return "a site-local address";
            }
        }
        return null;
    }
}
