package io.github.serverlessopenclaw.common;

import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The runtimes' log lines. In a Lambda they go through the runtime's own logger ({@link LambdaRuntime#getLogger()}):
 * with the function's JSON log format (the Api stack sets it) each line becomes one JSON object with its level and
 * the request id, and a stack trace stays one entry. Elsewhere (the bridge, whose stdout reaches CloudWatch through
 * the awslogs driver; tests; measurements) they are stdout lines with the time and the level. No logging framework:
 * nothing to initialise on a cold start. Never pass a secret or token here.
 */
public final class Log {
    /** Set by every Lambda runtime; absent in the container and in a plain JVM. */
    static final String LAMBDA_RUNTIME_API = "AWS_LAMBDA_RUNTIME_API";

    public enum Level {
        INFO,
        WARN,
        ERROR
    }

    /** Where lines go. */
    @FunctionalInterface
    public interface Sink {
        void write(Level level, String message);
    }

    private static final Sink DEFAULT =
            System.getenv(LAMBDA_RUNTIME_API) != null ? LambdaSink::write : stdout("openclaw");
    private static volatile Sink sink = DEFAULT;

    private Log() {}

    /** Lines to stdout as {@code <time> [<source>] <LEVEL, unless INFO> <message>}. */
    public static Sink stdout(String source) {
        return (level, message) -> System.out.println(
                Instant.now() + " [" + source + "] " + (level == Level.INFO ? "" : level + " ") + message);
    }

    /** Sends the lines to {@code target} (a process names itself; tests capture); null: back to the default. */
    public static void sendTo(Sink target) {
        sink = target == null ? DEFAULT : target;
    }

    public static void info(String message) {
        sink.write(Level.INFO, message);
    }

    public static void warn(String message) {
        sink.write(Level.WARN, message);
    }

    /** An expected failure (a peer gone, a bad frame): the message and the cause in one line. */
    public static void warn(String message, Throwable error) {
        sink.write(Level.WARN, message + ": " + describe(error));
    }

    /** An unexpected failure: the message, then the whole stack trace with its causes, as one entry. */
    public static void error(String message, Throwable error) {
        sink.write(Level.ERROR, error == null ? message : message + ": " + stackTrace(error));
    }

    public static String stackTrace(Throwable error) {
        StringWriter text = new StringWriter();
        error.printStackTrace(new PrintWriter(text));
        return text.toString().stripTrailing();
    }

    /** The innermost meaningful cause as {@code Type: message} (futures' wrappers unwrapped). */
    public static String describe(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /**
     * Lambda's logger, in its own class: loaded only in a Lambda, so the bridge and the plugin (which do not carry
     * aws-lambda-java-core) never resolve it.
     */
    private static final class LambdaSink {
        static void write(Level level, String message) {
            LambdaRuntime.getLogger()
                    .log(
                            message,
                            switch (level) {
                                case INFO -> LogLevel.INFO;
                                case WARN -> LogLevel.WARN;
                                case ERROR -> LogLevel.ERROR;
                            }); // the runtime's logger adds level, time and request id
        }
    }
}
