package io.github.serverlessopenclaw.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.Capability;
import io.github.serverlessopenclaw.common.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class GatewayConfigFileTest {

    @Test
    void aCustomProviderBecomesThePrimaryModelAndTheTokenStaysOutOfTheFile() {
        GatewaySettings settings = new GatewaySettings(
                Path.of("node"),
                Path.of("openclaw.mjs"),
                Path.of("/tmp/s"),
                18789,
                "secret-token",
                "stub/echo-1",
                "http://127.0.0.1:9/v1",
                null,
                "k",
                true,
                1,
                Duration.ofSeconds(1));

        JsonNode config = GatewayConfigFile.render(settings);

        assertThat(config.path("gateway").path("mode").asText()).isEqualTo("local");
        assertThat(config.path("gateway").path("bind").asText()).isEqualTo("loopback");
        assertThat(config.path("gateway").path("auth").path("mode").asText()).isEqualTo("token");
        assertThat(config.path("agents")
                        .path("defaults")
                        .path("model")
                        .path("primary")
                        .asText())
                .isEqualTo("custom/echo-1");
        JsonNode provider = config.path("models").path("providers").path("custom");
        assertThat(provider.path("baseUrl").asText()).isEqualTo("http://127.0.0.1:9/v1");
        assertThat(provider.path("api").asText()).isEqualTo("openai-completions");
        assertThat(provider.path("models").get(0).path("id").asText()).isEqualTo("echo-1");
        assertThat(Json.write(config)).doesNotContain("secret-token");
    }

    @Test
    void pluginsAContainerNeverServesAreDeniedAndTheControlUiIsOff() {
        GatewaySettings settings = builtInModel(Path.of("/tmp/s"));

        JsonNode config = GatewayConfigFile.render(settings);

        assertThat(config.path("plugins").path("deny"))
                .extracting(JsonNode::asText)
                .containsExactlyElementsOf(GatewayConfigFile.DISABLED_PLUGINS)
                .contains("browser", "cua-computer")
                .doesNotContain("anthropic", "openai", "memory-core"); // model providers and memory stay
        assertThat(config.path("plugins").has("allow")).isFalse(); // an allowlist would also drop the providers
        assertThat(config.path("gateway").path("controlUi").path("enabled").asBoolean(true))
                .isFalse();
    }

    @Test
    void aCapabilityThatRunsHasItsPluginLoaded() {
        GatewaySettings settings = builtInModel(Path.of("/tmp/s"));
        ProjectAgent browsing = new ProjectAgent(Map.of(), Map.of(), null, List.of(), Set.of(Capability.BROWSER));

        JsonNode config = browsing.customize(GatewayConfigFile.render(settings));

        assertThat(config.path("plugins").path("deny"))
                .extracting(JsonNode::asText)
                .doesNotContain("browser")
                .contains("canvas", "cua-computer");
        assertThat(ProjectAgent.NONE
                        .customize(GatewayConfigFile.render(settings))
                        .path("plugins")
                        .path("deny"))
                .extracting(JsonNode::asText)
                .contains("browser");
    }

    @Test
    void aBuiltInProviderModelIsUsedAsItIs() {
        GatewaySettings settings = builtInModel(Path.of("/tmp/s"));

        JsonNode config = GatewayConfigFile.render(settings);

        assertThat(config.path("agents")
                        .path("defaults")
                        .path("model")
                        .path("primary")
                        .asText())
                .isEqualTo("anthropic/claude-model");
        assertThat(config.path("models").has("providers")).isFalse();
        // whatever the model: the downloaded catalog would only apply after a restart, in a state folder that
        // dies with the container
        assertThat(config.path("models").path("catalogRefresh").path("enabled").isBoolean())
                .isTrue();
        assertThat(config.path("models").path("catalogRefresh").path("enabled").asBoolean())
                .isFalse();
    }

    @Test
    void theStateFolderHoldsOnlyTheConfigSoOpenClawSeesANewInstall() throws Exception {
        Path base = Files.createTempDirectory("gateway-config");
        GatewaySettings settings = builtInModel(base.resolve("state"));

        GatewayConfigFile.write(settings);

        try (Stream<Path> entries = Files.list(settings.stateDir())) {
            assertThat(entries).containsExactly(settings.configFile());
        }
        assertThat(settings.workspace()).isDirectory();
        assertThat(settings.workspace().startsWith(settings.stateDir())).isFalse();
        JsonNode config = Json.read(Files.readString(settings.configFile()));
        assertThat(config.path("agents").path("defaults").path("workspace").asText())
                .isEqualTo(settings.workspace().toString());
        assertThat(config.path("update").path("checkOnStart").asBoolean(true)).isFalse();
    }

    /** A gateway on OpenClaw's built-in provider (no custom endpoint) with its state in {@code stateDir}. */
    private static GatewaySettings builtInModel(Path stateDir) {
        return new GatewaySettings(
                Path.of("node"),
                Path.of("openclaw.mjs"),
                stateDir,
                18789,
                "t",
                "anthropic/claude-model",
                null,
                null,
                null,
                true,
                1,
                Duration.ofSeconds(1));
    }
}
