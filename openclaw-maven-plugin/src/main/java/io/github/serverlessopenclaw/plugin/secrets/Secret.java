package io.github.serverlessopenclaw.plugin.secrets;

import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The catalogue of secrets: for each one its kebab name (the SSM parameter is
 * {@code AppNames.secretParameter(name)}), its environment variable, whether the plugin generates it,
 * the LLM provider it belongs to, its shape, and who reads it at start-up (so a rotation can say what
 * must be restarted). This is the only place these facts live.
 */
public enum Secret {
    BRIDGE_AUTH_TOKEN("bridge-auth-token", "BRIDGE_AUTH_TOKEN", true, null, Shape.TOKEN, true, true),
    OPENCLAW_GATEWAY_TOKEN("openclaw-gateway-token", "OPENCLAW_GATEWAY_TOKEN", true, null, Shape.TOKEN, true, false),
    ANTHROPIC_API_KEY("anthropic-api-key", "ANTHROPIC_API_KEY", false, "anthropic", Shape.ANTHROPIC_KEY, true, false),
    OPENAI_API_KEY("openai-api-key", "OPENAI_API_KEY", false, "openai", Shape.TOKEN, true, false),
    OPENROUTER_API_KEY("openrouter-api-key", "OPENROUTER_API_KEY", false, "openrouter", Shape.TOKEN, true, false),
    GEMINI_API_KEY("gemini-api-key", "GEMINI_API_KEY", false, "gemini", Shape.TOKEN, true, false),
    TELEGRAM_BOT_TOKEN("telegram-bot-token", "TELEGRAM_BOT_TOKEN", false, null, Shape.TELEGRAM_BOT_TOKEN, true, true),
    /** Generated when Telegram is enabled; Telegram echoes it in a header, so only {@code A-Za-z0-9_-}. */
    TELEGRAM_WEBHOOK_SECRET("telegram-webhook-secret", "TELEGRAM_WEBHOOK_SECRET", true, null, Shape.WEBHOOK_SECRET, false, true);

    /** Prefix of the {@code -D} property that supplies a secret: {@code -Dopenclaw.secret.anthropic-api-key=…}. */
    public static final String PROPERTY_PREFIX = "openclaw.secret.";
    /** Prefix of the settings.xml {@code <server>} id that supplies a secret: {@code openclaw-anthropic-api-key}. */
    public static final String SERVER_ID_PREFIX = "openclaw-";

    private final String secretName;
    private final String envVar;
    private final boolean generated;
    private final String provider;
    private final Shape shape;
    private final boolean readByContainer;
    private final boolean readByLambdas;

    Secret(String secretName, String envVar, boolean generated, String provider, Shape shape,
           boolean readByContainer, boolean readByLambdas) {
        this.secretName = secretName;
        this.envVar = envVar;
        this.generated = generated;
        this.provider = provider;
        this.shape = shape;
        this.readByContainer = readByContainer;
        this.readByLambdas = readByLambdas;
    }

    /** Kebab name, the last segment of the SSM parameter name. */
    public String secretName() {
        return secretName;
    }

    /** Environment variable the plugin reads it from (and the container receives it as). */
    public String envVar() {
        return envVar;
    }

    public String property() {
        return PROPERTY_PREFIX + secretName;
    }

    public String serverId() {
        return SERVER_ID_PREFIX + secretName;
    }

    /** A random token the plugin creates when absent, never silently replaces. */
    public boolean generated() {
        return generated;
    }

    /** The LLM provider this key belongs to ({@code anthropic}, {@code openai}, …). */
    public Optional<String> provider() {
        return Optional.ofNullable(provider);
    }

    public boolean readByContainer() {
        return readByContainer;
    }

    public boolean readByLambdas() {
        return readByLambdas;
    }

    public static Optional<Secret> byName(String name) {
        return Arrays.stream(values()).filter(s -> s.secretName.equals(name)).findFirst();
    }

    public static Optional<Secret> byProvider(String provider) {
        return Arrays.stream(values()).filter(s -> provider.equals(s.provider)).findFirst();
    }

    public static String names() {
        return Arrays.stream(values()).map(Secret::secretName).collect(Collectors.joining(", "));
    }

    public static String providers() {
        return Arrays.stream(values()).flatMap(s -> s.provider().stream()).collect(Collectors.joining(", "));
    }

    /**
     * Checks a value before it is written. Returns a warning for a doubtful but accepted shape; throws
     * for a value that cannot work. Messages name the secret and the rule, never the value.
     */
    public Optional<String> validate(String value) {
        if (value == null || value.isEmpty()) {
            throw new ConfigurationException(secretName + " is empty; give it a value");
        }
        if (value.chars().anyMatch(Character::isWhitespace)) {
            throw new ConfigurationException(secretName + " contains whitespace; copy the value again without spaces or line breaks");
        }
        return shape.check(this, value);
    }

    /** A value's expected form: a mismatch is either a warning (written anyway) or a refusal. */
    private enum Shape {
        TOKEN(".+", "", true),
        ANTHROPIC_KEY("sk-ant-.+", "does not start with sk-ant- as Anthropic keys do; written anyway", true),
        TELEGRAM_BOT_TOKEN("\\d+:[A-Za-z0-9_-]{35}", "is not shaped like a Telegram bot token (<digits>:<35 letters, digits,"
                + " _ or ->); copy it again from @BotFather", false),
        WEBHOOK_SECRET("[A-Za-z0-9_-]{1,256}", "may only contain A-Z, a-z, 0-9, _ and - (at most 256), as Telegram requires;"
                + " remove it to have one generated", false);

        private final Pattern pattern;
        private final String mismatch;
        private final boolean warnOnly;

        Shape(String pattern, String mismatch, boolean warnOnly) {
            this.pattern = Pattern.compile(pattern);
            this.mismatch = mismatch;
            this.warnOnly = warnOnly;
        }

        Optional<String> check(Secret secret, String value) {
            if (pattern.matcher(value).matches()) {
                return Optional.empty();
            }
            String message = secret.secretName + " " + mismatch;
            if (warnOnly) {
                return Optional.of(message);
            }
            throw new ConfigurationException(message);
        }
    }
}
