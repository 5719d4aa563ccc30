package io.github.serverlessopenclaw.lambdas;

/** Plain log lines to stderr (CloudWatch Logs); never pass a secret or token here. */
final class Log {
    private Log() {
    }

    static void info(String message) {
        System.err.println("INFO " + message);
    }

    static void warn(String message) {
        System.err.println("WARN " + message);
    }

    static void error(String message, Throwable error) {
        System.err.println("ERROR " + message + ": " + error.getClass().getSimpleName() + ": " + error.getMessage());
    }
}
