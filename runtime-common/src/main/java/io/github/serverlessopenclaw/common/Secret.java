package io.github.serverlessopenclaw.common;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The secrets of a deployment, the only place their facts live: the kebab name (each is an SSM SecureString
 * parameter {@code /<appName>/secrets/<name>}, {@link AppNames#secretParameter(String)}, written by the
 * plugin and never by CloudFormation), its environment variable, the OpenClaw provider a key belongs to,
 * whether the plugin generates it, and who reads it at start-up (so a rotation can say what must be
 * restarted). The stacks reference only the secrets the configuration enables.
 *
 * <p>There is no shared Lambda → bridge secret: each container makes its own token and certificate at start
 * ({@link BridgeTls}). A {@code /<appName>/secrets/bridge-auth-token} parameter left by an older version is read
 * by nothing and harmless; {@code destroy} (or {@code aws ssm delete-parameter}) removes it.
 */
public enum Secret {
    /** Bridge → OpenClaw gateway token. */
    OPENCLAW_GATEWAY_TOKEN("openclaw-gateway-token", "OPENCLAW_GATEWAY_TOKEN", null, true, true, false),
    ANTHROPIC_API_KEY("anthropic-api-key", "ANTHROPIC_API_KEY", "anthropic", false, true, false),
    OPENAI_API_KEY("openai-api-key", "OPENAI_API_KEY", "openai", false, true, false),
    OPENROUTER_API_KEY("openrouter-api-key", "OPENROUTER_API_KEY", "openrouter", false, true, false),
    GEMINI_API_KEY("gemini-api-key", "GEMINI_API_KEY", "google", false, true, false),
    /**
     * The key of the custom OpenAI-compatible endpoint ({@code openclaw.modelBaseUrl}, provider {@code custom}); optional
     * (a local Ollama needs none): list it in {@code openclaw.providers} when the endpoint wants one.
     */
    CUSTOM_MODEL_API_KEY(
            "custom-model-api-key", "OPENCLAW_MODEL_API_KEY", AgentFolder.CUSTOM_PROVIDER, false, true, false),
    /** Only with Telegram enabled. */
    TELEGRAM_BOT_TOKEN("telegram-bot-token", "TELEGRAM_BOT_TOKEN", null, false, true, true),
    /**
     * Only with Telegram enabled, then generated; checked against the {@code X-Telegram-Bot-Api-Secret-Token}
     * header Telegram echoes it in.
     */
    TELEGRAM_WEBHOOK_SECRET("telegram-webhook-secret", "TELEGRAM_WEBHOOK_SECRET", null, true, false, true);

    private final String secretName;
    private final String envVar;
    private final String provider;
    private final boolean generated;
    private final boolean readByContainer;
    private final boolean readByLambdas;

    Secret(
            String secretName,
            String envVar,
            String provider,
            boolean generated,
            boolean readByContainer,
            boolean readByLambdas) {
        this.secretName = secretName;
        this.envVar = envVar;
        this.provider = provider;
        this.generated = generated;
        this.readByContainer = readByContainer;
        this.readByLambdas = readByLambdas;
    }

    /** Kebab-case name: the last segment of the SSM parameter name. */
    public String secretName() {
        return secretName;
    }

    public String parameterName(AppNames names) {
        return names.secretParameter(secretName);
    }

    /**
     * The environment variable the plugin reads the value from; for a provider key also the one the OpenClaw
     * gateway reads it from.
     */
    public String envVar() {
        return envVar;
    }

    /** A model provider's API key, handed to the OpenClaw gateway as an environment variable. */
    public boolean isProviderKey() {
        return provider != null;
    }

    /** The OpenClaw provider id, the part before {@code /} in a model id such as {@code anthropic/claude-sonnet-4-5}. */
    public Optional<String> provider() {
        return Optional.ofNullable(provider);
    }

    /** A random token the plugin creates when absent, never silently replaces. */
    public boolean generated() {
        return generated;
    }

    public boolean readByContainer() {
        return readByContainer;
    }

    public boolean readByLambdas() {
        return readByLambdas;
    }

    public static Optional<Secret> forProvider(String provider) {
        return Arrays.stream(values())
                .filter(s -> s.provider != null && s.provider.equals(provider))
                .findFirst();
    }

    public static Optional<Secret> bySecretName(String name) {
        return Arrays.stream(values()).filter(s -> s.secretName.equals(name)).findFirst();
    }

    /** Every secret name, comma-separated, for messages that list the accepted values. */
    public static String names() {
        return Arrays.stream(values()).map(Secret::secretName).collect(Collectors.joining(", "));
    }

    /** Every provider id that has a key, comma-separated, for messages that list the accepted values. */
    public static String providers() {
        return Arrays.stream(values()).flatMap(s -> s.provider().stream()).collect(Collectors.joining(", "));
    }
}
