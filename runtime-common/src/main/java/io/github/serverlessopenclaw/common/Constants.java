package io.github.serverlessopenclaw.common;

import java.time.Duration;

/** Fixed values both runtimes and the stacks agree on. */
public final class Constants {
    private Constants() {}

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
     * The unprivileged user and group the bridge (root in the container) runs the OpenClaw gateway as, so the agent
     * cannot read the bridge's memory, environment or files. Numeric: no passwd entry is needed (Node and OpenClaw
     * take the home folder from {@code HOME}); the image makes this user own its home folder.
     */
    public static final int GATEWAY_UID = 10001;

    public static final int GATEWAY_GID = 10001;
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
    /** Settings rows of the abuse limits (rate counters, link tries, notices): {@code SK=LIMIT#<what>}, all with {@code ttl}. */
    public static final String LIMIT_PREFIX = "LIMIT#";
    /** Settings partition of the users waiting for a free container slot ({@code SK=USER#<userId>}). */
    public static final String CONTAINER_QUEUE_PK = "QUEUE#containers";
    /**
     * Settings rows of Telegram linking (written by the Lambdas; user-delete removes them): {@code USER#<userId>}
     * carries {@link #LINKED_TELEGRAM_SETTING} and {@link #OTP_SETTING}; {@code USER#telegram:<id>} carries
     * {@link #LINKED_COGNITO_SETTING}; {@code USER#}{@link #OTP_OWNER_PREFIX}{@code <code>} carries {@link #OTP_OWNER_SETTING}.
     */
    public static final String LINKED_TELEGRAM_SETTING = SETTING_PREFIX + "linked-telegram";

    public static final String LINKED_COGNITO_SETTING = SETTING_PREFIX + "linked-cognito";
    public static final String OTP_SETTING = SETTING_PREFIX + "telegram-otp";
    public static final String OTP_OWNER_SETTING = SETTING_PREFIX + "otp-owner";
    public static final String OTP_OWNER_PREFIX = "otp:";
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
    /**
     * How long the Lambdas keep a secret read from SSM before reading it again: a rotated secret reaches every
     * function within this time (the rotation notice of openclaw:secrets says so).
     */
    public static final Duration SECRET_CACHE_TTL = Duration.ofMinutes(5);
    /**
     * Idle time after which a container of a user who usually writes at this hour is stopped (when longer than
     * {@link Env#IDLE_TIMEOUT_MINUTES}): the watchdog applies it, and the bridge never stops itself sooner.
     */
    public static final Duration ACTIVE_USER_IDLE_TIMEOUT = Duration.ofMinutes(30);
    /** A task still {@code Starting} after this long is considered failed (Lambdas, watchdog, reset-state). */
    public static final Duration TASK_START_TIMEOUT = Duration.ofMinutes(10);
    /** Per-user message rate unless configured otherwise ({@link Env#MESSAGES_PER_MINUTE}, plugin parameter). */
    public static final int DEFAULT_MESSAGES_PER_MINUTE = 30;
    /** Containers running at once unless configured otherwise ({@link Env#MAX_CONTAINERS}, plugin parameter). */
    public static final int DEFAULT_MAX_CONTAINERS = 5;
    /** Telegram Bot API base URL unless configured otherwise ({@link Env#TELEGRAM_API_URL}, plugin parameter). */
    public static final String TELEGRAM_API_URL = "https://api.telegram.org";
    /** Connections GSI: a user's open connections (partition {@code userId}, sort {@link #CONNECTED_AT}). */
    public static final String CONNECTIONS_BY_USER_INDEX = "userId-index";

    public static final String CONNECTED_AT = "connectedAt";
    /**
     * Connections row {@code REVOKED#<userId>}, written by {@code openclaw:user-delete}: $connect refuses the user's
     * ID tokens (still valid until they expire) and ws-message refuses their open connections, until its ttl.
     */
    public static final String REVOKED_PREFIX = "REVOKED#";
    /** How long a revocation is kept: the longest ID-token validity Cognito allows (one day). */
    public static final Duration REVOCATION_TTL = Duration.ofDays(1);
    /** Name of the Lambda alias every trigger invokes (SnapStart applies to published versions only). */
    public static final String LAMBDA_ALIAS = "live";
    /** Stage of the WebSocket API. */
    public static final String WEBSOCKET_STAGE = "prod";
}
