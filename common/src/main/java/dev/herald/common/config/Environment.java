package dev.herald.common.config;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The environment a function reads its configuration from: {@link System#getenv()} on Lambda.
 * The local runtime hosts every function in one JVM, each in its own class loader, and gives each
 * its own variables through {@link #override(Map)} - as Lambda gives each function its own.
 * This is the only class that reads {@code System.getenv}; config records take an Environment.
 */
public final class Environment {
    private static volatile Map<String, String> override;

    private final Map<String, String> values;

    private Environment(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** The process environment, or the override the local runtime installed. */
    public static Environment current() {
        Map<String, String> o = override;
        return new Environment(o != null ? o : System.getenv());
    }

    /** An environment of exactly these variables (tests, and the local runtime). */
    public static Environment of(Map<String, String> values) {
        return new Environment(values);
    }

    /** Installs the variables this class loader's functions see. Called by the local runtime only. */
    public static void override(Map<String, String> values) {
        override = Map.copyOf(values);
    }

    public Optional<String> optional(String name) {
        String v = values.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public String required(String name) {
        return optional(name).orElseThrow(() -> new ConfigException(
                "environment variable " + name + " is not set; set it in the function's configuration "
                        + "(the Topology sets it for every deployed and local function)"));
    }

    public String get(String name, String fallback) {
        return optional(name).orElse(fallback);
    }

    public int integer(String name, int fallback) {
        return optional(name).map(v -> {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new ConfigException("environment variable " + name + "='" + v + "' is not an integer; set a whole number");
            }
        }).orElse(fallback);
    }

    public boolean bool(String name, boolean fallback) {
        return optional(name).map(Boolean::parseBoolean).orElse(fallback);
    }

    public Map<String, String> asMap() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Environment e && Objects.equals(values, e.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }
}
