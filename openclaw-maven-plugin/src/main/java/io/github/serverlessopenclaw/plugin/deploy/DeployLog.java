package io.github.serverlessopenclaw.plugin.deploy;

/** Where the engine reports progress; the mojos pass Maven's log, tests collect the lines. */
public interface DeployLog {
    void info(String line);

    void warn(String line);

    /** Details useful when debugging (stack traces, raw responses); hidden at default log level. */
    default void debug(String line) {
    }
}
