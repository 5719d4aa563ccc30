package io.github.serverlessopenclaw.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.serverlessopenclaw.common.AgentFolder;
import io.github.serverlessopenclaw.common.Capability;
import io.github.serverlessopenclaw.common.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The project's agent folder and model choices against the real OpenClaw gateway and the stub model: the project's
 * AGENTS.md and skill reach the model in the request the gateway sends, the overlay reaches the configuration, and
 * when the primary model fails (the stub answers 503 for {@link StubModelServer#DOWN_MODEL}) the fallback answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProjectAgentGatewayTest {
    private static final String TOKEN = "test-gateway-token-" + UUID.randomUUID();
    private static final String MARKER =
            "MARKER-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String SKILL = "project-weather-lookup";
    private StubModelServer model;
    private GatewayProcess gateway;
    private GatewayClient client;
    private GatewaySettings settings;

    @BeforeAll
    void startGateway() throws Exception {
        model = new StubModelServer();
        Path folder = Files.createTempDirectory("agent-folder");
        Files.createDirectories(folder.resolve("workspace"));
        Files.writeString(
                folder.resolve("workspace/AGENTS.md"), "# Project rules\n\nAlways sign with " + MARKER + ".\n");
        Files.createDirectories(folder.resolve("skills/weather"));
        Files.writeString(
                folder.resolve("skills/weather/SKILL.md"),
                "---\nname: " + SKILL
                        + "\ndescription: Looks up the weather for a city.\n---\n\n# Weather\n\nUse curl wttr.in/<city>.\n");
        Files.writeString(
                folder.resolve(AgentFolder.OVERLAY),
                "{\"agents\":{\"defaults\":{\"userTimezone\":\"Europe/Berlin\"}},\"gateway\":{\"bind\":\"lan\"}}");
        ProjectAgent files = ProjectAgent.fromDirectory(folder);
        // the primary is down; the fallback is the stub's echo model on the same OpenAI-compatible endpoint
        ProjectAgent agent = new ProjectAgent(
                files.workspaceFiles(),
                java.util.Map.of("weather/SKILL.md", Files.readAllBytes(folder.resolve("skills/weather/SKILL.md"))),
                (com.fasterxml.jackson.databind.node.ObjectNode)
                        Json.read(Files.readString(folder.resolve(AgentFolder.OVERLAY))),
                List.of(AgentFolder.CUSTOM_PROVIDER + "/" + StubModelServer.MODEL),
                Set.of(Capability.CRON));
        GatewaySettings base =
                OpenClawInstallation.settings(Files.createTempDirectory("openclaw-state"), TOKEN, model, true);
        settings = new GatewaySettings(
                base.node(),
                base.entry(),
                base.stateDir(),
                base.port(),
                base.token(),
                AgentFolder.CUSTOM_PROVIDER + "/" + StubModelServer.DOWN_MODEL,
                base.modelBaseUrl(),
                base.modelApi(),
                base.modelApiKey(),
                true,
                base.maxRestarts(),
                base.startupTimeout());
        ProjectWorkspace.apply(settings.workspace(), agent.workspaceFiles(), GatewayUser.forThisProcess());
        gateway = new GatewayProcess(settings, why -> {}, GatewayUser.forThisProcess(), agent);
        gateway.start();
        gateway.awaitStarted();
        client = new GatewayClient(gateway.webSocketUri(), TOKEN, GatewayClient.Settings.defaults());
        client.connect(Duration.ofSeconds(60));
    }

    @AfterAll
    void stop() {
        if (client != null) {
            client.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (model != null) {
            model.close();
        }
    }

    @Test
    void theProjectsAgentsMdAndSkillReachTheModelAndTheFallbackAnswersWhenThePrimaryFails() throws Exception {
        String reply = client.send(
                        "agent:main:project-agent",
                        "hello agent",
                        UUID.randomUUID().toString(),
                        new RecordingListener(),
                        Duration.ofSeconds(10))
                .get(180, TimeUnit.SECONDS);

        assertThat(reply).isEqualTo(StubModelServer.replyFor("hello agent"));
        List<String> models =
                model.requests().stream().map(r -> r.path("model").asText()).toList();
        assertThat(models)
                .as("the primary first, then the fallback")
                .contains(StubModelServer.DOWN_MODEL)
                .endsWith(StubModelServer.MODEL);
        assertThat(models.indexOf(StubModelServer.DOWN_MODEL)).isLessThan(models.lastIndexOf(StubModelServer.MODEL));
        JsonNode answered = model.requests().get(model.requests().size() - 1);
        String prompt = answered.path("messages").toString();
        assertThat(prompt).as("the project's AGENTS.md in the request").contains(MARKER);
        assertThat(prompt).as("the project's skill in the request").contains(SKILL);
    }

    @Test
    void theOverlayIsMergedUnderTheBridgesKeysAndTheCapabilityKeepsItsFlagOff() throws Exception {
        JsonNode config = Json.read(Files.readString(settings.configFile()));

        assertThat(config.path("agents").path("defaults").path("userTimezone").asText())
                .isEqualTo("Europe/Berlin");
        assertThat(config.path("gateway").path("bind").asText())
                .as("a key the bridge owns is never the overlay's")
                .isEqualTo("loopback");
        assertThat(config.path("agents")
                        .path("defaults")
                        .path("model")
                        .path("fallbacks")
                        .get(0)
                        .asText())
                .isEqualTo(AgentFolder.CUSTOM_PROVIDER + "/" + StubModelServer.MODEL);
        java.util.Map<String, String> env = new java.util.TreeMap<>(
                GatewayProcess.environment(settings, GatewayUser.forThisProcess(), System.getenv()));
        new ProjectAgent(java.util.Map.of(), java.util.Map.of(), null, List.of(), Set.of(Capability.CRON))
                .adjustEnvironment(env);
        assertThat(env).doesNotContainKey("OPENCLAW_SKIP_CRON").containsKey("OPENCLAW_SKIP_CANVAS_HOST");
        assertThat(settings.stateDir().resolve("skills/weather/SKILL.md")).exists();
    }
}
