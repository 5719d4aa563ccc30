package io.github.serverlessopenclaw.common;

/**
 * Environment variables the stacks set and the runtimes read. One place for each name; tables carry
 * theirs in {@link Table#envVar()}.
 */
public final class Env {
    private Env() {
    }

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
    public static final String BRIDGE_TOKEN_PARAMETER = "BRIDGE_AUTH_TOKEN_PARAMETER";
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
    /** Optional: Telegram Bot API base URL (default {@code https://api.telegram.org}). */
    public static final String TELEGRAM_API_URL = "TELEGRAM_API_URL";
    /** Idle minutes before the watchdog stops a container (default 15). */
    public static final String IDLE_TIMEOUT_MINUTES = "IDLE_TIMEOUT_MINUTES";
    /** Minutes a prewarmed container is kept (default 60). */
    public static final String PREWARM_DURATION_MINUTES = "PREWARM_DURATION_MINUTES";

    /** Set by the Lambdas as container overrides on RunTask; read by the bridge. */
    public static final String TASK_USER_ID = "USER_ID";
    public static final String TASK_CALLBACK_URL = "CALLBACK_URL";
    /** Only for a linked Telegram user's container: the chat for start-up notices. */
    public static final String TASK_TELEGRAM_CHAT_ID = "TELEGRAM_CHAT_ID";

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
