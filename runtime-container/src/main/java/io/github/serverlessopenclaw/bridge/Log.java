package io.github.serverlessopenclaw.bridge;

import java.time.Instant;

/** Plain log lines to stdout (CloudWatch via the awslogs driver). Never pass a secret value here. */
final class Log {
    private Log() {
    }

    static void info(String message) {
        System.out.println(Instant.now() + " [bridge] " + message);
    }

    static void warn(String message) {
        System.out.println(Instant.now() + " [bridge] WARN " + message);
    }

    static void warn(String message, Throwable error) {
        System.out.println(Instant.now() + " [bridge] WARN " + message + ": " + describe(error));
    }

    static String describe(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
