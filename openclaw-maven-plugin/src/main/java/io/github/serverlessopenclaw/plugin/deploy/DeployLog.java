package io.github.serverlessopenclaw.plugin.deploy;

import java.util.function.Consumer;

/** Where the engine reports progress; the mojos pass Maven's log, tests collect the lines. */
public interface DeployLog {
    void info(String line);

    void warn(String line);

    /** Details useful when debugging (stack traces, raw responses); hidden at default log level. */
    default void debug(String line) {}

    /** Info and warning lines to one consumer, a warning marked {@code WARN }: for tests and simple callers. */
    static DeployLog to(Consumer<String> lines) {
        return new DeployLog() {
            @Override
            public void info(String line) {
                lines.accept(line);
            }

            @Override
            public void warn(String line) {
                lines.accept("WARN " + line);
            }
        };
    }
}
