package io.github.serverlessopenclaw.plugin.report;

import java.time.Duration;
import java.util.Optional;

/**
 * Short human durations: ages for tables ({@code 45s}, {@code 12m}, {@code 3h05m}, {@code 2d04h}) and
 * how long an operation took ({@code 1.2 s}).
 */
public final class Durations {
    private Durations() {}

    public static String brief(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 24) {
            return String.format("%dh%02dm", hours, minutes % 60);
        }
        return String.format("%dd%02dh", hours / 24, hours % 24);
    }

    public static String brief(Optional<Duration> duration) {
        return duration.map(Durations::brief).orElse("?");
    }

    /** {@code 1.2 s}: deploy steps and stack operations are short, and a tenth of a second is what runs are compared by. */
    public static String seconds(Duration duration) {
        return String.format("%.1f s", duration.toMillis() / 1000.0);
    }
}
