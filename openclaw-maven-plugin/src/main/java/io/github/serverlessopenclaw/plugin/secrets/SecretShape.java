package io.github.serverlessopenclaw.plugin.secrets;

import io.github.serverlessopenclaw.common.Secret;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import java.util.Optional;
import java.util.regex.Pattern;

/** A secret value's expected form, checked before it is written: a mismatch is either a warning (written anyway) or a refusal. */
enum SecretShape {
    TOKEN(".+", "", true),
    ANTHROPIC_KEY("sk-ant-.+", "does not start with sk-ant- as Anthropic keys do; written anyway", true),
    TELEGRAM_BOT_TOKEN(
            "\\d+:[A-Za-z0-9_-]{35}",
            "is not shaped like a Telegram bot token (<digits>:<35 letters, digits,"
                    + " _ or ->); copy it again from @BotFather",
            false),
    /** Telegram echoes the webhook secret in a header, so only {@code A-Za-z0-9_-}. */
    WEBHOOK_SECRET(
            "[A-Za-z0-9_-]{1,256}",
            "may only contain A-Z, a-z, 0-9, _ and - (at most 256), as Telegram requires;"
                    + " remove it to have one generated",
            false);

    private final Pattern pattern;
    private final String mismatch;
    private final boolean warnOnly;

    SecretShape(String pattern, String mismatch, boolean warnOnly) {
        this.pattern = Pattern.compile(pattern);
        this.mismatch = mismatch;
        this.warnOnly = warnOnly;
    }

    /** Exhaustive: a new {@link Secret} does not compile until it is given a shape here. */
    static SecretShape of(Secret secret) {
        return switch (secret) {
            case OPENCLAW_GATEWAY_TOKEN, OPENAI_API_KEY, OPENROUTER_API_KEY, GEMINI_API_KEY, CUSTOM_MODEL_API_KEY ->
                TOKEN;
            case ANTHROPIC_API_KEY -> ANTHROPIC_KEY;
            case TELEGRAM_BOT_TOKEN -> TELEGRAM_BOT_TOKEN;
            case TELEGRAM_WEBHOOK_SECRET -> WEBHOOK_SECRET;
        };
    }

    /**
     * Checks a value before it is written. Returns a warning for a doubtful but accepted shape; throws
     * for a value that cannot work. Messages name the secret and the rule, never the value.
     */
    static Optional<String> validate(Secret secret, String value) {
        String name = secret.secretName();
        if (value == null || value.isEmpty()) {
            throw new ConfigurationException(name + " is empty; give it a value");
        }
        if (value.chars().anyMatch(Character::isWhitespace)) {
            throw new ConfigurationException(
                    name + " contains whitespace; copy the value again without spaces or line breaks");
        }
        SecretShape shape = of(secret);
        if (shape.pattern.matcher(value).matches()) {
            return Optional.empty();
        }
        String message = name + " " + shape.mismatch;
        if (shape.warnOnly) {
            return Optional.of(message);
        }
        throw new ConfigurationException(message);
    }
}
