package io.github.serverlessopenclaw.plugin.deploy;

/** A deployment that did not succeed; the message is the summary a user reads (no stack trace needed). */
public class DeployException extends RuntimeException {
    public DeployException(String message) {
        super(message);
    }

    public DeployException(String message, Throwable cause) {
        super(message, cause);
    }
}
