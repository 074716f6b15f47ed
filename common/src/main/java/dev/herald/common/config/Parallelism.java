package dev.herald.common.config;

/**
 * The parallelism settings of the functions that step the records of an SQS batch side by side
 * ({@code HERALD_ROUTER_PARALLELISM}, {@value EnvNames#DELIVERY_PARALLELISM}): one reading, one range and one error
 * message for all of them. Each function's config record reads its own variable with {@link #fromEnvironment}.
 */
public final class Parallelism {
    /** A whole batch at once: the SQS triggers' batch size. */
    public static final int DEFAULT = 10;
    /** The most a setting may ask for. */
    public static final int MAX = 100;

    private Parallelism() {
    }

    /**
     * Reads {@code name}: {@value #DEFAULT} when unset.
     *
     * @param what what the number counts, for the error message, e.g. "records of a batch the router steps side by side"
     * @throws ConfigException if it is not a whole number from 1 to {@value #MAX}, saying what to set
     */
    public static int fromEnvironment(Environment env, String name, String what) {
        return require(name, env.integer(name, DEFAULT), what);
    }

    /**
     * Checks a value read from {@code name} (or given in code).
     *
     * @return {@code value}
     * @throws ConfigException if it is not from 1 to {@value #MAX}, saying what to set
     */
    public static int require(String name, int value, String what) {
        if (value < 1 || value > MAX) {
            throw new ConfigException("environment variable " + name + "=" + value + " is out of range; it is how many " + what
                    + ": set 1 (one after another) to " + MAX + ", or leave it unset for " + DEFAULT + " (a whole batch at once)");
        }
        return value;
    }
}
