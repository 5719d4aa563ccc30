package io.github.serverlessopenclaw.plugin.secrets;

import io.github.serverlessopenclaw.common.Secret;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import io.github.serverlessopenclaw.plugin.config.StackConfig;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What the deployment uses, which decides what is required: Telegram on or off, LLM providers besides
 * Anthropic, the KMS key, and which secrets to rotate.
 *
 * @param telegram     Telegram enabled: the bot token is required and the webhook secret generated
 * @param providers    the LLM providers by OpenClaw provider id ({@code anthropic}, {@code openai}, {@code google}, …) whose keys
 *                     are required; every other provider key is optional
 * @param kmsKeyId     customer KMS key for the SecureStrings; empty means the AWS-managed {@code aws/ssm} key
 * @param rotate       secrets to replace even though they exist: generated ones are generated again, provided
 *                     ones need a new value
 */
public record SecretsOptions(boolean telegram, Set<String> providers, Optional<String> kmsKeyId, Set<Secret> rotate) {

    public enum Requirement {
        /** Created by the plugin when absent. */
        GENERATED,
        /** Must exist in SSM or be supplied. */
        REQUIRED,
        /** Written when supplied, reported missing otherwise. */
        OPTIONAL
    }

    public SecretsOptions {
        providers = Set.copyOf(providers);
        rotate = rotate.isEmpty() ? Set.of() : EnumSet.copyOf(rotate);
    }

    /** Parses the goal's parameters; each malformed one fails with the accepted values. */
    public static SecretsOptions parse(boolean telegram, String providers, String kmsKeyId, String rotate) {
        return new SecretsOptions(
                telegram,
                parseProviders(providers),
                Optional.ofNullable(kmsKeyId).map(String::trim).filter(k -> !k.isEmpty()),
                parseRotate(rotate));
    }

    /**
     * Options for {@code deploy}: ensure what is required, generate what is absent, rotate nothing.
     *
     * @param providers every provider whose key the deployment needs ({@code anthropic} included when it does)
     */
    public static SecretsOptions ensure(boolean telegram, Set<String> providers, Optional<String> kmsKeyId) {
        return new SecretsOptions(telegram, providers, kmsKeyId, Set.of());
    }

    /**
     * Options for {@code deploy} of this configuration: exactly the keys of the primary's and the fallbacks' providers and
     * of {@code openclaw.providers} are required; a keyless custom endpoint's model requires none, not even Anthropic's.
     */
    public static SecretsOptions ensure(StackConfig configured, Optional<String> kmsKeyId) {
        Set<String> providers = new LinkedHashSet<>();
        configured.providerSecrets().forEach(s -> s.provider().ifPresent(providers::add));
        return ensure(configured.telegram(), providers, kmsKeyId);
    }

    /** The secrets goal does not know the model: with no provider named, the default model's (Anthropic's) key is required. */
    private static Set<String> parseProviders(String providers) {
        Set<String> parsed = new LinkedHashSet<>();
        for (Secret key : StackConfig.parseProviders(Arrays.asList(split(providers)))) {
            key.provider().ifPresent(parsed::add);
        }
        if (parsed.isEmpty()) {
            parsed.add(Secret.ANTHROPIC_API_KEY.provider().orElseThrow());
        }
        return parsed;
    }

    private static Set<Secret> parseRotate(String rotate) {
        Set<Secret> parsed = EnumSet.noneOf(Secret.class);
        for (String name : split(rotate)) {
            if (name.equals("all")) {
                parsed.addAll(EnumSet.allOf(Secret.class));
                continue;
            }
            parsed.add(Secret.bySecretName(name)
                    .orElseThrow(() -> new ConfigurationException(PropertyNames.ROTATE + ": unknown secret '" + name
                            + "'; use all, or one or more (comma-separated) of " + Secret.names())));
        }
        return parsed;
    }

    private static String[] split(String list) {
        return list == null || list.isBlank()
                ? new String[0]
                : Arrays.stream(list.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toArray(String[]::new);
    }

    /** Whether {@code all} was asked for: provided secrets without a new value then stay as they are. */
    public boolean rotateAll() {
        return rotate.size() == Secret.values().length;
    }

    public Requirement requirement(Secret secret) {
        if (secret == Secret.TELEGRAM_WEBHOOK_SECRET) {
            return telegram ? Requirement.GENERATED : Requirement.OPTIONAL;
        }
        if (secret.generated()) {
            return Requirement.GENERATED;
        }
        if (secret == Secret.TELEGRAM_BOT_TOKEN) {
            return telegram ? Requirement.REQUIRED : Requirement.OPTIONAL;
        }
        return providers.contains(secret.provider().orElseThrow()) ? Requirement.REQUIRED : Requirement.OPTIONAL;
    }
}
