package io.github.serverlessopenclaw.plugin.mojo;

/**
 * The {@code openclaw.*} property names of the logs, user-password and status goals, in one place (to move into
 * the plugin's list of every property name).
 */
final class DayTwoProperties {
    static final String FUNCTION = "openclaw.function";
    static final String MINUTES = "openclaw.minutes";
    static final String FOLLOW = "openclaw.follow";
    static final String PERMANENT = "openclaw.permanent";
    static final String COST = "openclaw.cost";

    private DayTwoProperties() {
    }
}
