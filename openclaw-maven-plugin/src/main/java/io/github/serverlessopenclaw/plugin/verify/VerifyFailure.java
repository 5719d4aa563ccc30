package io.github.serverlessopenclaw.plugin.verify;

/** The chat does not work: one sentence naming the hop that failed and the fix. */
public final class VerifyFailure extends RuntimeException {
    private final String hop;

    VerifyFailure(String hop, String message) {
        super(message);
        this.hop = hop;
    }

    VerifyFailure(String hop, String message, Throwable cause) {
        super(message, cause);
        this.hop = hop;
    }

    /** The hop that failed: sign-in, connect, container start, first chunk, end, or clean-up. */
    public String hop() {
        return hop;
    }
}
