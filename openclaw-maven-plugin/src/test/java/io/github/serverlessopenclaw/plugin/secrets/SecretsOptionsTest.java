package io.github.serverlessopenclaw.plugin.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.serverlessopenclaw.common.Secret;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which keys deploy requires: those of the providers it names, Anthropic's included when named. */
class SecretsOptionsTest {

    @Test
    void deployWithAnAnthropicModelAndAnExtraKeyRequiresBoth() {
        SecretsOptions options = SecretsOptions.ensure(false, Set.of("anthropic", "openai"), Optional.empty());
        assertThat(options.requirement(Secret.ANTHROPIC_API_KEY)).isEqualTo(SecretsOptions.Requirement.REQUIRED);
        assertThat(options.requirement(Secret.OPENAI_API_KEY)).isEqualTo(SecretsOptions.Requirement.REQUIRED);
        assertThat(options.requirement(Secret.GEMINI_API_KEY)).isEqualTo(SecretsOptions.Requirement.OPTIONAL);
    }

    @Test
    void deployWithAnotherProvidersModelLeavesAnthropicOptional() {
        SecretsOptions options = SecretsOptions.ensure(true, Set.of("openrouter"), Optional.empty());
        assertThat(options.requirement(Secret.ANTHROPIC_API_KEY)).isEqualTo(SecretsOptions.Requirement.OPTIONAL);
        assertThat(options.requirement(Secret.OPENROUTER_API_KEY)).isEqualTo(SecretsOptions.Requirement.REQUIRED);
        assertThat(options.requirement(Secret.TELEGRAM_BOT_TOKEN)).isEqualTo(SecretsOptions.Requirement.REQUIRED);
        assertThat(options.requirement(Secret.TELEGRAM_WEBHOOK_SECRET)).isEqualTo(SecretsOptions.Requirement.GENERATED);
    }

    @Test
    void deployWithAGoogleModelRequiresTheGeminiKey() {
        // deploy names providers by the model id's prefix (google/gemini-…), the same ids the catalogue holds
        SecretsOptions options = SecretsOptions.ensure(
                false, Set.of(Secret.GEMINI_API_KEY.provider().orElseThrow()), Optional.empty());
        assertThat(options.requirement(Secret.GEMINI_API_KEY)).isEqualTo(SecretsOptions.Requirement.REQUIRED);
        assertThat(options.requirement(Secret.ANTHROPIC_API_KEY)).isEqualTo(SecretsOptions.Requirement.OPTIONAL);
    }

    @Test
    void theSecretsGoalStillTreatsAnthropicAsTheDefault() {
        assertThat(SecretsOptions.parse(false, null, null, null).requirement(Secret.ANTHROPIC_API_KEY))
                .isEqualTo(SecretsOptions.Requirement.REQUIRED);
        assertThat(SecretsOptions.parse(false, "google", null, null).requirement(Secret.ANTHROPIC_API_KEY))
                .isEqualTo(SecretsOptions.Requirement.OPTIONAL);
        assertThat(SecretsOptions.parse(false, "anthropic,google", null, null).requirement(Secret.ANTHROPIC_API_KEY))
                .isEqualTo(SecretsOptions.Requirement.REQUIRED);
    }

    @Test
    void deployThatNamesNoProviderRequiresNoProviderKey() {
        // a keyless custom endpoint as the only model: Anthropic's key is no more required than any other
        SecretsOptions options = SecretsOptions.ensure(false, Set.of(), Optional.empty());
        assertThat(options.requirement(Secret.ANTHROPIC_API_KEY)).isEqualTo(SecretsOptions.Requirement.OPTIONAL);
        assertThat(options.requirement(Secret.CUSTOM_MODEL_API_KEY)).isEqualTo(SecretsOptions.Requirement.OPTIONAL);
    }
}
