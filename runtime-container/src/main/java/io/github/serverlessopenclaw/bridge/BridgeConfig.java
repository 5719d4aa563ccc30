package io.github.serverlessopenclaw.bridge;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.common.Language;
import io.github.serverlessopenclaw.common.Protocol;
import io.github.serverlessopenclaw.common.Table;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything the bridge reads from its environment (names in {@link Env}), validated once at start.
 *
 * @param telegramChatId the chat that gets the start-up notices ({@code TELEGRAM_CHAT_ID}, set for a linked
 *                     Telegram user; for an unlinked one the chat is the id in {@code USER_ID=telegram:<id>}), or null
 * @param noticeLanguage the language of those notices ({@code TELEGRAM_LANGUAGE}, the chat's; English when absent or unknown)
 * @param callbackUrl  the WebSocket API's management endpoint, where every web reply goes ({@code CALLBACK_URL}; the
 *                     Lambda sets it at RunTask, a request cannot change it)
 * @param metadataUri  the ECS task metadata endpoint, or null outside ECS (then TaskState is not written)
 * @param warmUp       do the gateway's first-turn work before the first message ({@link FirstTurnWarmUp})
 */
record BridgeConfig(
        String userId,
        String telegramBotToken,
        URI telegramApi,
        String telegramChatId,
        Language noticeLanguage,
        String callbackUrl,
        String dataBucket,
        String conversationsTable,
        String taskStateTable,
        String pendingTable,
        int port,
        GatewaySettings gateway,
        Duration idleTimeout,
        Duration shutdownBudget,
        Duration backupInterval,
        Duration runTimeout,
        URI metadataUri,
        boolean warmUp) {

    static final Duration DEFAULT_IDLE = Duration.ofMinutes(15);
    static final Duration DEFAULT_SHUTDOWN_BUDGET = Duration.ofSeconds(25);

    /**
     * @param secretFromParameter reads an SSM SecureString by name (used when a secret arrives as a
     *                            {@code *_PARAMETER} name instead of a value)
     */
    static BridgeConfig fromEnv(Map<String, String> env, Function<String, String> secretFromParameter) {
        String userId = require(env, Env.TASK_USER_ID);
        String gatewayToken = secret(env, Env.GATEWAY_TOKEN, Env.GATEWAY_TOKEN_PARAMETER, secretFromParameter, true);
        String telegramToken =
                secret(env, Env.TELEGRAM_BOT_TOKEN, Env.TELEGRAM_BOT_TOKEN_PARAMETER, secretFromParameter, false);
        AppNames names = new AppNames(value(env, Env.APP_NAME, AppNames.DEFAULT_APP_NAME));
        Path stateDir = Path.of(value(env, Env.OPENCLAW_STATE_DIR, value(env, "HOME", "/tmp") + "/.openclaw"));
        GatewaySettings gateway = new GatewaySettings(
                Path.of(value(env, Env.OPENCLAW_NODE, Constants.IMAGE_NODE_BINARY)),
                Path.of(value(env, Env.OPENCLAW_PACKAGE_DIR, Constants.IMAGE_OPENCLAW_PACKAGE_DIR))
                        .resolve("openclaw.mjs"),
                stateDir,
                Integer.parseInt(value(env, Env.GATEWAY_PORT, Integer.toString(Constants.GATEWAY_PORT))),
                gatewayToken,
                env.get(Env.OPENCLAW_MODEL),
                env.get(Env.OPENCLAW_MODEL_BASE_URL),
                env.get(Env.OPENCLAW_MODEL_API),
                env.get(Env.OPENCLAW_MODEL_API_KEY),
                !"false".equalsIgnoreCase(value(env, Env.OPENCLAW_SKIP_SIDECARS, "true")),
                3,
                Duration.ofMinutes(3));
        String metadata = env.get(Env.ECS_METADATA_URI);
        return new BridgeConfig(
                userId,
                telegramToken,
                URI.create(value(env, Env.TELEGRAM_API_URL, Constants.TELEGRAM_API_URL)),
                value(
                        env,
                        Env.TASK_TELEGRAM_CHAT_ID,
                        userId.startsWith(Protocol.TELEGRAM_CONNECTION_PREFIX)
                                ? userId.substring(Protocol.TELEGRAM_CONNECTION_PREFIX.length())
                                : null),
                Language.of(env.get(Env.TASK_TELEGRAM_LANGUAGE)),
                env.get(Env.TASK_CALLBACK_URL),
                env.get(Env.DATA_BUCKET),
                value(env, Table.CONVERSATIONS.envVar(), names.table(Table.CONVERSATIONS)),
                value(env, Table.TASK_STATE.envVar(), names.table(Table.TASK_STATE)),
                value(env, Table.PENDING_MESSAGES.envVar(), names.table(Table.PENDING_MESSAGES)),
                Integer.parseInt(value(env, Env.BRIDGE_PORT, Integer.toString(Constants.BRIDGE_PORT))),
                gateway,
                Duration.ofMinutes(
                        Long.parseLong(value(env, Env.IDLE_TIMEOUT_MINUTES, Long.toString(DEFAULT_IDLE.toMinutes())))),
                Duration.ofSeconds(Long.parseLong(
                        value(env, Env.SHUTDOWN_BUDGET_SECONDS, Long.toString(DEFAULT_SHUTDOWN_BUDGET.toSeconds())))),
                Duration.ofMinutes(5),
                Duration.ofMinutes(10),
                metadata == null || metadata.isBlank() ? null : URI.create(metadata),
                !"false".equalsIgnoreCase(value(env, Env.OPENCLAW_WARM_UP, "true")));
    }

    /** Prefix of a user's workspace in the data bucket. */
    String workspacePrefix(String user) {
        return Constants.WORKSPACE_PREFIX + user + "/";
    }

    private static String secret(
            Map<String, String> env,
            String valueName,
            String parameterName,
            Function<String, String> fromParameter,
            boolean required) {
        String value = env.get(valueName);
        if (value != null && !value.isBlank()) {
            return value;
        }
        String parameter = env.get(parameterName);
        if (parameter != null && !parameter.isBlank()) {
            return fromParameter.apply(parameter);
        }
        if (required) {
            throw new IllegalStateException("environment variable " + valueName + " (or " + parameterName
                    + " naming an SSM parameter) is not set");
        }
        return null;
    }

    private static String require(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value;
    }

    private static String value(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
