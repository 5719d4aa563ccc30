package io.github.serverlessopenclaw.plugin.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.common.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackConfigTest {

    @TempDir
    Path work;

    Path jar;

    @BeforeEach
    void jar() throws Exception {
        jar = Files.writeString(work.resolve("lambdas.jar"), "stand-in");
    }

    private StackConfig.Builder builder() {
        return StackConfig.builder(AppNames.defaults(), jar);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        StackConfig config = builder().build();
        assertThat(config.qualifier()).isEqualTo("openclaw");
        assertThat(config.architecture()).isEqualTo(io.github.serverlessopenclaw.plugin.config.Architecture.ARM64);
        assertThat(config.cpu()).isEqualTo(1024);
        assertThat(config.memoryMb()).isEqualTo(2048);
        assertThat(config.spot()).isTrue();
        assertThat(config.telegram()).isFalse();
        assertThat(config.monitoring()).isFalse();
        assertThat(config.image()).isEmpty();
        assertThat(config.imageOrPlaceholder()).isEqualTo(StackConfig.PLACEHOLDER_IMAGE);
        assertThat(config.referencedSecrets())
                .containsExactlyInAnyOrder(Secret.OPENCLAW_GATEWAY_TOKEN, Secret.ANTHROPIC_API_KEY);
    }

    @Test
    void referencedSecretsFollowTelegramTheModelsProviderAndTheOptionalKeys() {
        StackConfig config = builder()
                .telegram(true)
                .model("google/gemini-3-flash-preview")
                .optionalSecrets(StackConfig.parseProviders(List.of("openrouter-api-key", " ")))
                .build();
        assertThat(config.provider()).isEqualTo("google");
        assertThat(config.providerSecrets())
                .containsExactlyInAnyOrder(Secret.GEMINI_API_KEY, Secret.OPENROUTER_API_KEY);
        assertThat(config.referencedSecrets())
                .contains(Secret.TELEGRAM_BOT_TOKEN, Secret.TELEGRAM_WEBHOOK_SECRET)
                .doesNotContain(Secret.ANTHROPIC_API_KEY);
    }

    @Test
    void theSecretsKeyIsAKeyIdOrKeyArnNeverAnAlias() {
        assertThat(builder().build().kmsKeyId()).isEmpty();
        assertThat(builder().kmsKeyId(" ").build().kmsKeyId()).isEmpty();
        assertThat(builder()
                        .kmsKeyId("1234abcd-12ab-34cd-56ef-1234567890ab")
                        .build()
                        .kmsKeyId())
                .contains("1234abcd-12ab-34cd-56ef-1234567890ab");
        assertThat(builder()
                        .kmsKeyId("arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab")
                        .build()
                        .kmsKeyId())
                .isPresent();
        // IAM cannot name a key by its alias (an alias in Resource matches the alias, not the key)
        assertThatThrownBy(() -> builder().kmsKeyId("alias/openclaw").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(
                        "openclaw.kmsKeyId 'alias/openclaw' is an alias: the roles that read the secrets are granted"
                                + " kms:Decrypt by key, and IAM cannot name a key by its alias; give the key id or key ARN"
                                + " (aws kms describe-key --key-id alias/openclaw shows them)");
        assertThatThrownBy(() -> builder()
                        .kmsKeyId("arn:aws:kms:eu-west-1:111122223333:alias/openclaw")
                        .build())
                .hasMessageContaining("is an alias");
        assertThatThrownBy(() -> builder().kmsKeyId("my key").build())
                .hasMessageContaining("openclaw.kmsKeyId 'my key' is not a KMS key id or key ARN");
    }

    @Test
    void badValuesFailWithTheParameterAndTheFix() {
        assertThatThrownBy(() -> builder().cpu(1000).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("openclaw.cpu 1000")
                .hasMessageContaining("1024");
        assertThatThrownBy(() -> builder().memoryMb(1024).build())
                .hasMessageContaining("openclaw.memory 1024 does not fit openclaw.cpu 1024: use 2048 to 8192");
        assertThatThrownBy(() -> builder().image("repo/openclaw:latest").build())
                .hasMessageContaining("not pinned by digest")
                .hasMessageContaining("openclaw:push-image");
        assertThatThrownBy(
                        () -> builder().prewarmSchedules(List.of("0 9 * * *")).build())
                .hasMessageContaining("'0 9 * * *' is not an EventBridge cron body");
        assertThatThrownBy(() -> builder().qualifier("Has-Caps").build()).hasMessageContaining("openclaw.qualifier");
        assertThatThrownBy(() -> builder().model("claude").build()).hasMessageContaining("<provider>/<model>");
        assertThatThrownBy(() -> builder().idleTimeoutMinutes(1).build())
                .hasMessageContaining("openclaw.idleTimeout 1");
        assertThatThrownBy(() -> StackConfig.parseProviders(List.of("aws-key")))
                .hasMessageContaining("openclaw.providers: unknown provider 'aws-key'");
        assertThat(StackConfig.parseProviders(List.of("google", "openai-api-key")))
                .containsExactlyInAnyOrder(
                        Secret.GEMINI_API_KEY, Secret.OPENAI_API_KEY); // provider ids and key names alike
        assertThatThrownBy(() -> builder().tags(Map.of("aws:owner", "x")).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("openclaw.tags key 'aws:owner' is not a tag key");
        assertThatThrownBy(() -> builder().tags(Map.of("team", "a;b")).build())
                .hasMessageContaining("openclaw.tags value of 'team'");
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 51; i++) {
            many.put("k" + i, "v");
        }
        assertThatThrownBy(() -> builder().tags(many).build()).hasMessageContaining("at most 50");
        assertThat(builder()
                        .tags(Map.of("owner", "team b", "cost-center", "ai:42/x@y"))
                        .build()
                        .tags())
                .containsExactly(Map.entry("cost-center", "ai:42/x@y"), Map.entry("owner", "team b"));
        assertThatThrownBy(() -> builder()
                        .optionalSecrets(Set.of(Secret.OPENCLAW_GATEWAY_TOKEN))
                        .build())
                .hasMessageContaining("not an optional provider key");
        assertThatThrownBy(() -> StackConfig.builder(AppNames.defaults(), work.resolve("missing.jar"))
                        .build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("openclaw.lambdaAsset");
    }

    @Test
    void limitsDefaultToTheDocumentedValues() {
        StackConfig config = builder().build();
        assertThat(config.throttleRate()).isEqualTo(10);
        assertThat(config.throttleBurst()).isEqualTo(20);
        assertThat(config.messagesPerMinute()).isEqualTo(30);
        assertThat(config.maxContainers()).isEqualTo(5);
        assertThat(config.startOnConnect()).isTrue();
        assertThat(config.telegramAllow()).isEmpty();
        assertThat(config.budgetAlarm()).isEmpty();
        assertThat(builder()
                        .telegram(true)
                        .telegramAllow(List.of(" 123 ", "", "123", "456"))
                        .build()
                        .telegramAllow())
                .containsExactly("123", "456");
        assertThat(StackConfig.parseAmount("$25")).contains(new java.math.BigDecimal("25"));
    }

    @Test
    void badLimitsFailWithTheParameterAndTheFix() {
        assertThatThrownBy(() -> builder()
                        .telegram(true)
                        .telegramAllow(List.of("@someone"))
                        .build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("openclaw.telegramAllow entry '@someone' is not a Telegram user id");
        assertThatThrownBy(() -> builder().telegramAllow(List.of("123")).build())
                .hasMessageContaining("openclaw.telegramAllow is set but the bot is off: set openclaw.telegram=true");
        assertThatThrownBy(() -> builder().throttleRate(0).build())
                .hasMessageContaining("openclaw.throttleRate 0 is out of range");
        assertThatThrownBy(() -> builder().throttleBurst(6000).build())
                .hasMessageContaining("openclaw.throttleBurst 6000");
        assertThatThrownBy(() -> builder().messagesPerMinute(0).build())
                .hasMessageContaining("openclaw.messagesPerMinute 0");
        assertThatThrownBy(() -> builder().maxContainers(0).build()).hasMessageContaining("openclaw.maxContainers 0");
        assertThatThrownBy(() -> StackConfig.parseAmount("lots"))
                .hasMessageContaining("openclaw.budgetAlarm 'lots' is not a number");
        assertThatThrownBy(() -> builder()
                        .budgetAlarm(new java.math.BigDecimal("-5"), "a@b.co")
                        .build())
                .hasMessageContaining("openclaw.budgetAlarm -5 is not a monthly amount");
        assertThatThrownBy(() -> builder()
                        .budgetAlarm(new java.math.BigDecimal("5"), null)
                        .build())
                .hasMessageContaining("openclaw.budgetAlarm and openclaw.budgetAlarmEmail go together");
        assertThatThrownBy(() -> builder().budgetAlarm(null, "a@b.co").build()).hasMessageContaining("go together");
        assertThatThrownBy(() -> builder()
                        .budgetAlarm(new java.math.BigDecimal("5"), "owner-at-example.com")
                        .build())
                .hasMessageContaining("openclaw.budgetAlarmEmail 'owner-at-example.com' is not an e-mail address");
    }

    @Test
    void eachFallbacksProviderKeyIsRequiredAsThePrimarysAndTheCustomEndpointsOnlyWhenListed() {
        StackConfig config = builder()
                .modelFallbacks(List.of("openai/gpt-4o", "custom/llama3.1"))
                .modelBaseUrl("http://ollama.internal:11434/v1")
                .build();
        assertThat(config.providerSecrets()).containsExactlyInAnyOrder(Secret.ANTHROPIC_API_KEY, Secret.OPENAI_API_KEY);
        StackConfig withKey = builder()
                .model("custom/llama3.1")
                .modelBaseUrl("https://llm.example.com/v1")
                .optionalSecrets(Set.of(Secret.CUSTOM_MODEL_API_KEY))
                .build();
        assertThat(withKey.providerSecrets()).containsExactly(Secret.CUSTOM_MODEL_API_KEY);
    }

    @Test
    void theCustomEndpointAndItsModelsGoTogether() {
        assertThatThrownBy(() ->
                        builder().modelFallbacks(List.of("custom/llama3.1")).build())
                .hasMessageStartingWith("a model custom/<id> needs openclaw.modelBaseUrl");
        assertThatThrownBy(
                        () -> builder().modelBaseUrl("http://ollama:11434/v1").build())
                .hasMessageStartingWith("openclaw.modelBaseUrl is set but no model uses it");
        assertThatThrownBy(() ->
                        builder().model("custom/x").modelBaseUrl("ftp://x").build())
                .hasMessageStartingWith("openclaw.modelBaseUrl 'ftp://x' is not an http(s) URL");
        assertThatThrownBy(() -> builder()
                        .modelFallbacks(List.of("anthropic/claude-sonnet-4-5"))
                        .build())
                .hasMessageStartingWith("openclaw.modelFallbacks names the primary model");
        assertThatThrownBy(() -> builder().modelFallbacks(List.of("gpt-4o")).build())
                .hasMessageStartingWith("openclaw.modelFallbacks entry 'gpt-4o' is not a model id");
    }

    @Test
    void anUnknownCapabilityIsRefusedListingTheKnownOnes() {
        assertThat(StackConfig.parseCapabilities(List.of("cron", " browser ")))
                .containsExactlyInAnyOrder(
                        io.github.serverlessopenclaw.common.Capability.CRON,
                        io.github.serverlessopenclaw.common.Capability.BROWSER);
        assertThatThrownBy(() -> StackConfig.parseCapabilities(List.of("teleport")))
                .hasMessage("openclaw.capabilities: unknown capability 'teleport'; use cron, browser, canvas, gmail,"
                        + " shell-snapshot (none: the fast minimal set)");
    }
}
