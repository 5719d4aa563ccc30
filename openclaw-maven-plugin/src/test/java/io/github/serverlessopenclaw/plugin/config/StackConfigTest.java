package io.github.serverlessopenclaw.plugin.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.serverlessopenclaw.common.AppNames;
import io.github.serverlessopenclaw.common.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        assertThat(config.architecture()).isEqualTo(io.github.serverlessopenclaw.plugin.image.Architecture.ARM64);
        assertThat(config.cpu()).isEqualTo(1024);
        assertThat(config.memoryMb()).isEqualTo(2048);
        assertThat(config.spot()).isTrue();
        assertThat(config.telegram()).isFalse();
        assertThat(config.monitoring()).isFalse();
        assertThat(config.image()).isEmpty();
        assertThat(config.imageOrPlaceholder()).isEqualTo(StackConfig.PLACEHOLDER_IMAGE);
        assertThat(config.referencedSecrets()).containsExactlyInAnyOrder(
                Secret.OPENCLAW_GATEWAY_TOKEN, Secret.ANTHROPIC_API_KEY);
    }

    @Test
    void referencedSecretsFollowTelegramTheModelsProviderAndTheOptionalKeys() {
        StackConfig config = builder().telegram(true).model("google/gemini-3-flash-preview")
                .optionalSecrets(StackConfig.parseSecrets(List.of("openrouter-api-key", " "))).build();
        assertThat(config.provider()).isEqualTo("google");
        assertThat(config.providerSecrets()).containsExactlyInAnyOrder(Secret.GEMINI_API_KEY, Secret.OPENROUTER_API_KEY);
        assertThat(config.referencedSecrets()).contains(Secret.TELEGRAM_BOT_TOKEN, Secret.TELEGRAM_WEBHOOK_SECRET)
                .doesNotContain(Secret.ANTHROPIC_API_KEY);
    }

    @Test
    void badValuesFailWithTheParameterAndTheFix() {
        assertThatThrownBy(() -> builder().cpu(1000).build()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("openclaw.cpu 1000").hasMessageContaining("1024");
        assertThatThrownBy(() -> builder().memoryMb(1024).build())
                .hasMessageContaining("openclaw.memory 1024 does not fit openclaw.cpu 1024: use 2048 to 8192");
        assertThatThrownBy(() -> builder().image("repo/openclaw:latest").build())
                .hasMessageContaining("not pinned by digest").hasMessageContaining("openclaw:push-image");
        assertThatThrownBy(() -> builder().prewarmSchedules(List.of("0 9 * * *")).build())
                .hasMessageContaining("'0 9 * * *' is not an EventBridge cron body");
        assertThatThrownBy(() -> builder().qualifier("Has-Caps").build()).hasMessageContaining("openclaw.qualifier");
        assertThatThrownBy(() -> builder().model("claude").build()).hasMessageContaining("<provider>/<model>");
        assertThatThrownBy(() -> builder().idleTimeoutMinutes(1).build()).hasMessageContaining("openclaw.idleTimeout 1");
        assertThatThrownBy(() -> StackConfig.parseSecrets(List.of("aws-key"))).hasMessageContaining("unknown secret 'aws-key'");
        assertThatThrownBy(() -> builder().optionalSecrets(Set.of(Secret.OPENCLAW_GATEWAY_TOKEN)).build())
                .hasMessageContaining("not an optional provider key");
        assertThatThrownBy(() -> StackConfig.builder(AppNames.defaults(), work.resolve("missing.jar")).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("openclaw.lambdaAsset");
    }
}
