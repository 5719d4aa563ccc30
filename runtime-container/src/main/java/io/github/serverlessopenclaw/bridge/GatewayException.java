package io.github.serverlessopenclaw.bridge;

/** An error answer of the OpenClaw gateway ({@code res ok:false}), or a lost connection. */
class GatewayException extends RuntimeException {
    private final String code;
    private final String detailCode;
    private final long retryAfterMs;

    GatewayException(String message, String code, String detailCode, long retryAfterMs) {
        super(message);
        this.code = code;
        this.detailCode = detailCode;
        this.retryAfterMs = retryAfterMs;
    }

    GatewayException(String message) {
        this(message, "DISCONNECTED", null, -1);
    }

    String code() {
        return code;
    }

    String detailCode() {
        return detailCode;
    }

    /** The delay the gateway asked for before a retry, or -1 when it named none. */
    long retryAfterMs() {
        return retryAfterMs;
    }

    /** Wrong token or protocol: retrying cannot help, the deployment is wrong. */
    boolean isPermanent() {
        return detailCode != null
                && (detailCode.startsWith("AUTH_")
                        || detailCode.equals("PROTOCOL_MISMATCH")
                        || detailCode.equals("DEVICE_IDENTITY_REQUIRED")
                        || detailCode.equals("MISSING_SCOPE"));
    }
}
