package io.github.serverlessopenclaw.plugin.local;

/** A local part could not start or run; the message names what and, where there is one, the fix. */
public final class LocalApisException extends RuntimeException {
    public LocalApisException(String message) {
        super(message);
    }

    public LocalApisException(String message, Throwable cause) {
        super(message, cause);
    }
}
