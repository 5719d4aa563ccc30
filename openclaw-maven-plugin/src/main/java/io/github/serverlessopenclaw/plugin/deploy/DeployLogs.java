package io.github.serverlessopenclaw.plugin.deploy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Small {@link DeployLog}s: a quiet one for internal waits, and one that keeps lines (tests, summaries). */
public final class DeployLogs {
    private DeployLogs() {}

    /** Passes warnings on, drops progress lines. */
    public static DeployLog quiet(DeployLog delegate) {
        return new DeployLog() {
            @Override
            public void info(String line) {
                delegate.debug(line);
            }

            @Override
            public void warn(String line) {
                delegate.warn(line);
            }
        };
    }

    /** Keeps every line (warnings prefixed with "WARN ") and prints them to stdout as well. */
    public static final class Collecting implements DeployLog {
        private final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void info(String line) {
            lines.add(line);
            System.out.println(line);
        }

        @Override
        public void warn(String line) {
            lines.add("WARN " + line);
            System.out.println("WARN " + line);
        }

        public List<String> lines() {
            return lines;
        }
    }
}
