package io.github.serverlessopenclaw.lambdas;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Log lines through Lambda's own runtime logger ({@link LambdaRuntime#getLogger()}): with the function's JSON
 * log format (the Api stack sets it) each line becomes one JSON object with its level and the request id, and a
 * stack trace stays one entry. Outside a Lambda runtime (tests, measurements) lines go to stderr. Never pass a
 * secret or token here.
 */
final class Log {
    /** Set by every Lambda runtime; absent when the handler runs in a plain JVM. */
    private static final String RUNTIME_API = "AWS_LAMBDA_RUNTIME_API";
    private static final boolean IN_LAMBDA = System.getenv(RUNTIME_API) != null;
    private static volatile LambdaLogger capture;

    private Log() {
    }

    /** Tests capture the lines here (null: back to the runtime's logger). */
    static void capture(LambdaLogger logger) {
        capture = logger;
    }

    static void info(String message) {
        log(message, LogLevel.INFO);
    }

    static void warn(String message) {
        log(message, LogLevel.WARN);
    }

    /** An unexpected failure: the message, then the whole stack trace with its causes, as one entry. */
    static void error(String message, Throwable error) {
        log(error == null ? message : message + ": " + stackTrace(error), LogLevel.ERROR);
    }

    static String stackTrace(Throwable error) {
        StringWriter text = new StringWriter();
        error.printStackTrace(new PrintWriter(text));
        return text.toString().stripTrailing();
    }

    private static void log(String message, LogLevel level) {
        LambdaLogger logger = capture;
        if (logger != null) {
            logger.log(message, level);
        } else if (IN_LAMBDA) {
            LambdaRuntime.getLogger().log(message, level); // the runtime's logger adds level, time and request id
        } else {
            System.err.println(level + " " + message);
        }
    }
}
