package io.github.serverlessopenclaw.common;

import java.time.Duration;

/** Fixed values both runtimes and the stacks agree on. */
public final class Constants {
    private Constants() {
    }

    /** Container name in the task definition; RunTask overrides address it. */
    public static final String CONTAINER_NAME = "openclaw";
    /** The bridge's HTTP port (Lambdas → bridge, security group ingress). */
    public static final int BRIDGE_PORT = 8080;
    /** OpenClaw gateway port, loopback only inside the container. */
    public static final int GATEWAY_PORT = 18789;
    /**
     * Where the image puts Node 24 and OpenClaw's npm project (the plugin's image layout); also the bridge's
     * defaults for {@link Env#OPENCLAW_NODE} and {@link Env#OPENCLAW_PACKAGE_DIR}.
     */
    public static final String IMAGE_NODE_DIR = "/opt/node";
    public static final String IMAGE_NODE_BINARY = IMAGE_NODE_DIR + "/bin/node";
    public static final String IMAGE_OPENCLAW_DIR = "/opt/openclaw";
    /** The installed openclaw package, holding openclaw.mjs. */
    public static final String IMAGE_OPENCLAW_PACKAGE_DIR = IMAGE_OPENCLAW_DIR + "/node_modules/openclaw";
    /**
     * TaskState attributes the bridge writes for the Lambdas (docs/protocol.md): the SHA-256 of its self-signed
     * certificate, which the Lambdas pin, and its bearer token. Both are the container's own, made at start.
     */
    public static final String TASK_STATE_CERT_SHA256 = "certSha256";
    public static final String TASK_STATE_BRIDGE_TOKEN = "bridgeToken";
    /** Set on a Starting row that replaced a container answering 401: its successor is not replaced for a 401 again. */
    public static final String TASK_STATE_REPLACED_AFTER_401 = "replacedAfter401";
    /** Lambda → bridge call timeout. */
    public static final int BRIDGE_HTTP_TIMEOUT_MS = 3000;
    /** TaskState owner of a prewarmed container. */
    public static final String PREWARM_USER_ID = "system:prewarm";
    /** DynamoDB key prefixes. */
    public static final String USER_PREFIX = "USER#";
    public static final String CONNECTION_PREFIX = "CONN#";
    public static final String CONVERSATION_PREFIX = "CONV#";
    public static final String MESSAGE_PREFIX = "MSG#";
    public static final String SETTING_PREFIX = "SETTING#";
    /** Partition and sort key attribute names of every table. */
    public static final String PK = "PK";
    public static final String SK = "SK";
    public static final String TTL = "ttl";
    /** S3 key prefix of a user's backed-up OpenClaw workspace: {@code workspaces/<userId>/<relative path>}. */
    public static final String WORKSPACE_PREFIX = "workspaces/";
    /** How long conversation turns are kept (Conversations {@code ttl}). */
    public static final long CONVERSATION_TTL_SECONDS = 7L * 24 * 3600;
    /** CloudWatch namespace of the Embedded Metric Format lines. */
    public static final String METRICS_NAMESPACE = "ServerlessOpenClaw";
    /** A task still {@code Starting} after this long is considered failed (Lambdas, watchdog, reset-state). */
    public static final Duration TASK_START_TIMEOUT = Duration.ofMinutes(10);
    /** Telegram Bot API base URL unless configured otherwise ({@link Env#TELEGRAM_API_URL}, plugin parameter). */
    public static final String TELEGRAM_API_URL = "https://api.telegram.org";
    /** Connections GSI: a user's open connections (partition {@code userId}, sort {@link #CONNECTED_AT}). */
    public static final String CONNECTIONS_BY_USER_INDEX = "userId-index";
    public static final String CONNECTED_AT = "connectedAt";
    /** Name of the Lambda alias every trigger invokes (SnapStart applies to published versions only). */
    public static final String LAMBDA_ALIAS = "live";
    /** Stage of the WebSocket API. */
    public static final String WEBSOCKET_STAGE = "prod";
}
