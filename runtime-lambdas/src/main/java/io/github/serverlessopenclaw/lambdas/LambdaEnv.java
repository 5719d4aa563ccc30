package io.github.serverlessopenclaw.lambdas;

import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Table;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The environment of a function, read through a lookup so tests can hand in a map. Names are the
 * constants of {@link Env} and {@link Table#envVar()}; nothing here hard-codes a physical name.
 */
public final class LambdaEnv {
    private final UnaryOperator<String> lookup;

    private LambdaEnv(UnaryOperator<String> lookup) {
        this.lookup = lookup;
    }

    public static LambdaEnv system() {
        return new LambdaEnv(System::getenv);
    }

    public static LambdaEnv of(Map<String, String> values) {
        return new LambdaEnv(values::get);
    }

    /** The value, or "" when unset. */
    public String get(String name) {
        String value = lookup.apply(name);
        return value == null ? "" : value.trim();
    }

    public String require(String name) {
        String value = get(name);
        if (value.isEmpty()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value;
    }

    public String table(Table table) {
        return require(table.envVar());
    }

    public List<String> list(String name) {
        return Arrays.stream(get(name).split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    public int intOr(String name, int fallback) {
        try {
            int value = Integer.parseInt(get(name));
            return value > 0 ? value : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** {@code true} or {@code false} (any case); {@code fallback} when unset or anything else. */
    public boolean flag(String name, boolean fallback) {
        String value = get(name);
        return value.equalsIgnoreCase("true") || (fallback && !value.equalsIgnoreCase("false"));
    }

    public String callbackUrl() {
        return get(Env.WEBSOCKET_CALLBACK_URL);
    }

    public int bridgePort() {
        return intOr(Env.BRIDGE_PORT, Constants.BRIDGE_PORT);
    }
}
