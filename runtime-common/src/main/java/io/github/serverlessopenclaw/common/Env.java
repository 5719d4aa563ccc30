package io.github.serverlessopenclaw.common;

/**
 * Environment variables the stacks set and the runtimes read. One place for each name; tables carry
 * theirs in {@link Table#envVar()}.
 */
public final class Env {
    private Env() {}

    public static final String APP_NAME = "OPENCLAW_APP_NAME";
    public static final String CLUSTER = "ECS_CLUSTER";
    public static final String TASK_FAMILY = "TASK_DEFINITION_FAMILY";
    public static final String CONTAINER_NAME = "CONTAINER_NAME";
    public static final String SUBNET_IDS = "SUBNET_IDS";
    public static final String SECURITY_GROUP_IDS = "SECURITY_GROUP_IDS";
    public static final String DATA_BUCKET = "DATA_BUCKET";
    public static final String USER_POOL_ID = "USER_POOL_ID";
    public static final String USER_POOL_CLIENT_ID = "USER_POOL_CLIENT_ID";
    public static final String WEBSOCKET_CALLBACK_URL = "WEBSOCKET_CALLBACK_URL";
    /** SSM parameter names (not values) of secrets; the value is read at run time. */
    public static final String GATEWAY_TOKEN_PARAMETER = "OPENCLAW_GATEWAY_TOKEN_PARAMETER";

    public static final String TELEGRAM_BOT_TOKEN_PARAMETER = "TELEGRAM_BOT_TOKEN_PARAMETER";
    public static final String TELEGRAM_SECRET_PARAMETER = "TELEGRAM_WEBHOOK_SECRET_PARAMETER";

    /** Optional: JWKS URL of the user pool; default derived from {@link #USER_POOL_ID} and the region. */
    public static final String COGNITO_JWKS_URL = "COGNITO_JWKS_URL";
    /**
     * Optional launch configuration of RunTask: a capacity provider (e.g. {@code FARGATE_SPOT}) for a
     * capacity-provider strategy; empty means {@code launchType FARGATE}.
     */
    public static final String CAPACITY_PROVIDER = "ECS_CAPACITY_PROVIDER";
    /** Optional: the bridge port the Lambdas call (default {@link Constants#BRIDGE_PORT}). */
    public static final String BRIDGE_PORT = "BRIDGE_PORT";
    /** Optional: Telegram Bot API base URL (default {@link Constants#TELEGRAM_API_URL}). */
    public static final String TELEGRAM_API_URL = "TELEGRAM_API_URL";
    /**
     * Idle minutes before the watchdog stops a container (default 15); the container gets it too and never stops
     * itself sooner than the watchdog would (see {@link Constants#ACTIVE_USER_IDLE_TIMEOUT}).
     */
    public static final String IDLE_TIMEOUT_MINUTES = "IDLE_TIMEOUT_MINUTES";
    /** Minutes a prewarmed container is kept (default 60). */
    public static final String PREWARM_DURATION_MINUTES = "PREWARM_DURATION_MINUTES";
    /** Messages a user may send per minute, web and Telegram together (default {@link Constants#DEFAULT_MESSAGES_PER_MINUTE}). */
    public static final String MESSAGES_PER_MINUTE = "MESSAGES_PER_MINUTE";
    /** Containers that may run at once; a message that would start one more waits (default {@link Constants#DEFAULT_MAX_CONTAINERS}). */
    public static final String MAX_CONTAINERS = "MAX_CONTAINERS";
    /**
     * {@code false}: {@code $connect} never starts the user's container (only a message does). Default on: a connect
     * that asks for it ({@link Protocol#START_QUERY_PARAMETER}) starts it while the user types ({@code openclaw.startOnConnect}).
     */
    public static final String START_ON_CONNECT = "START_ON_CONNECT";
    /** Comma-separated Telegram user ids that may use the bot without a linked web account (default none). */
    public static final String TELEGRAM_ALLOW = "TELEGRAM_ALLOW";

    /** Set by the Lambdas as container overrides on RunTask; read by the bridge. */
    public static final String TASK_USER_ID = "USER_ID";

    public static final String TASK_CALLBACK_URL = "CALLBACK_URL";
    /** Only for a linked Telegram user's container: the chat for start-up notices. */
    public static final String TASK_TELEGRAM_CHAT_ID = "TELEGRAM_CHAT_ID";
    /** For a Telegram user's container: the {@link Language} ({@code en}, {@code ko}) of the start-up notices, from Telegram's {@code language_code}. */
    public static final String TASK_TELEGRAM_LANGUAGE = "TELEGRAM_LANGUAGE";

    // The bridge (container). Secret values arrive through ECS secrets injection under these names; the
    // *_PARAMETER names above are the alternative (the bridge then reads the SSM parameter itself).
    public static final String GATEWAY_TOKEN = "OPENCLAW_GATEWAY_TOKEN";
    public static final String TELEGRAM_BOT_TOKEN = "TELEGRAM_BOT_TOKEN";
    /** {@code provider/model} for OpenClaw's primary model, e.g. {@code anthropic/<model id>}; default OpenClaw's. */
    public static final String OPENCLAW_MODEL = "OPENCLAW_MODEL";
    /** Optional base URL of a custom OpenAI- or Anthropic-compatible model provider. */
    public static final String OPENCLAW_MODEL_BASE_URL = "OPENCLAW_MODEL_BASE_URL";
    /** The custom provider's api: {@code openai-completions} (default), {@code anthropic-messages}, … */
    public static final String OPENCLAW_MODEL_API = "OPENCLAW_MODEL_API";

    public static final String OPENCLAW_MODEL_API_KEY = "OPENCLAW_MODEL_API_KEY";
    /** Fallback models in order, {@code provider/model} separated by {@code ,} ({@code openclaw.modelFallbacks}). */
    public static final String OPENCLAW_MODEL_FALLBACKS = "OPENCLAW_MODEL_FALLBACKS";
    /** The OpenClaw capabilities that run, names of {@link Capability} separated by {@code ,} (default none). */
    public static final String OPENCLAW_CAPABILITIES = "OPENCLAW_CAPABILITIES";
    /**
     * The project's agent folder as delivered: {@code s3://<bucket>/<key>} of its manifest ({@link AgentFolder}),
     * written by the plugin's synth into the task definition.
     */
    public static final String OPENCLAW_AGENT_MANIFEST = "OPENCLAW_AGENT_MANIFEST";
    /** The project's agent folder as a local directory (local runs, tests); wins over {@link #OPENCLAW_AGENT_MANIFEST}. */
    public static final String OPENCLAW_AGENT_DIRECTORY = "OPENCLAW_AGENT_DIRECTORY";
    /** Node 24 binary in the image (default {@link Constants#IMAGE_NODE_BINARY}). */
    public static final String OPENCLAW_NODE = "OPENCLAW_NODE";
    /** The installed openclaw package, holding openclaw.mjs (default {@link Constants#IMAGE_OPENCLAW_PACKAGE_DIR}). */
    public static final String OPENCLAW_PACKAGE_DIR = "OPENCLAW_PACKAGE_DIR";
    /** OpenClaw's writable state folder (default {@code $HOME/.openclaw}); the workspace is its {@code workspace/}. */
    public static final String OPENCLAW_STATE_DIR = "OPENCLAW_STATE_DIR";
    /** Loopback port of the OpenClaw gateway (default {@link Constants#GATEWAY_PORT}); OpenClaw reads it too. */
    public static final String GATEWAY_PORT = "OPENCLAW_GATEWAY_PORT";
    /** {@code false} starts the gateway with all its sidecars (slower); by default the bridge skips them. */
    public static final String OPENCLAW_SKIP_SIDECARS = "OPENCLAW_SKIP_SIDECARS";
    /**
     * {@code false}: the bridge does not do the gateway's first-turn work before the user's first message (default
     * {@code true}; a measurement compares both).
     */
    public static final String OPENCLAW_WARM_UP = "OPENCLAW_WARM_UP";
    /** Seconds the bridge may spend shutting down; keep it below the task's stopTimeout (default 25). */
    public static final String SHUTDOWN_BUDGET_SECONDS = "SHUTDOWN_BUDGET_SECONDS";
    /** Injected by ECS: the task metadata endpoint (task ARN, cluster, network). */
    public static final String ECS_METADATA_URI = "ECS_CONTAINER_METADATA_URI_V4";
    /** The AWS SDK's standard endpoint override (emulators and tests only). */
    public static final String AWS_ENDPOINT_URL = "AWS_ENDPOINT_URL";

    /** Reads a required variable, failing with its name when it is missing (a deployment error, not a user error). */
    public static String require(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value;
    }

    public static String orDefault(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
