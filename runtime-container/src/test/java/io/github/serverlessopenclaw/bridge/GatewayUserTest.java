package io.github.serverlessopenclaw.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.serverlessopenclaw.common.Constants;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who the gateway runs as, and the environment it gets: no process started (AgentIsolationTest does that). */
class GatewayUserTest {
    private static final GatewaySettings SETTINGS = new GatewaySettings(
            Path.of("/opt/node/bin/node"),
            Path.of("/opt/openclaw/node_modules/openclaw/openclaw.mjs"),
            Path.of("/home/openclaw/.openclaw"),
            18789,
            "gateway-token",
            null,
            null,
            null,
            null,
            true,
            3,
            Duration.ofMinutes(3));

    @Test
    void asRootTheGatewayIsStartedThroughSetprivAsItsOwnUserWithoutGroupsCapabilitiesOrNewPrivileges() {
        GatewayUser user = GatewayUser.of(0, Path.of("/usr/bin/setpriv"));

        assertThat(user.separate()).isTrue();
        assertThat(user.command(List.of("node", "openclaw.mjs")))
                .containsExactly(
                        "/usr/bin/setpriv",
                        "--reuid=" + Constants.GATEWAY_UID,
                        "--regid=" + Constants.GATEWAY_GID,
                        "--clear-groups",
                        "--no-new-privs",
                        "--inh-caps=-all",
                        "--",
                        "node",
                        "openclaw.mjs");
    }

    @Test
    void asRootWithoutSetprivTheBridgeRefusesToRunTheGatewayAsRoot() {
        assertThatThrownBy(() -> GatewayUser.of(0, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("setpriv (util-linux)")
                .hasMessageContaining("will not start the OpenClaw gateway as root");
    }

    @Test
    void asAnotherUserTheSeparationIsOffAndTheReasonIsGiven() {
        GatewayUser user = GatewayUser.of(1000, Path.of("/usr/bin/setpriv"));

        assertThat(user.separate()).isFalse();
        assertThat(user.command(List.of("node"))).containsExactly("node");
        assertThat(user.description()).contains("user separation is off", "uid 1000, not root");
    }

    @Test
    void aNodeTheGatewayUserCannotReachIsReportedWithTheFixBeforeAnythingStarts() throws Exception {
        Path dir = Files.createTempDirectory("unreachable"); // 0700
        Path node = Files.writeString(dir.resolve("node"), "");
        Files.setPosixFilePermissions(node, PosixFilePermissions.fromString("rw-------"));
        GatewayUser user = GatewayUser.of(0, Path.of("/usr/bin/setpriv"));

        assertThatThrownBy(() -> user.requireReachable(node))
                .hasMessageContaining("cannot reach " + node)
                .hasMessageContaining(dir + " is not searchable")
                .hasMessageContaining("chmod o+x");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        assertThatThrownBy(() -> user.requireReachable(node)).hasMessageContaining("cannot read " + node);
        Files.setPosixFilePermissions(node, PosixFilePermissions.fromString("rwxr-xr-x"));
        user.requireReachable(node);
    }

    /** Attack: a variable of the bridge's reaches the agent's shell. Defence: the environment is built from nothing. */
    @Test
    void theGatewaysEnvironmentHoldsOnlyWhatOpenClawNeeds() {
        Map<String, String> bridge = new HashMap<>();
        bridge.put("PATH", "/usr/bin:/bin");
        bridge.put("HOME", "/home/openclaw");
        bridge.put("LANG", "C.UTF-8");
        bridge.put("ANTHROPIC_API_KEY", "sk-ant-key");
        bridge.put("GEMINI_API_KEY", "gemini-key");
        bridge.put("BRIDGE_AUTH_TOKEN", "bridge-token");
        bridge.put("TELEGRAM_BOT_TOKEN", "bot-token");
        bridge.put("OPENCLAW_GATEWAY_TOKEN_PARAMETER", "/app/secrets/openclaw-gateway-token");
        bridge.put("OPENCLAW_MODEL_API_KEY", "custom-key"); // goes to the config file, not the environment
        bridge.put("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/x");
        bridge.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://169.254.170.2/v2/credentials/x");
        bridge.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", "auth");
        bridge.put("AWS_ACCESS_KEY_ID", "AKIA");
        bridge.put("AWS_SECRET_ACCESS_KEY", "secret");
        bridge.put("AWS_REGION", "eu-west-1");
        bridge.put("ECS_CONTAINER_METADATA_URI", "http://169.254.170.2/v3/x");
        bridge.put("ECS_CONTAINER_METADATA_URI_V4", "http://169.254.170.2/v4/x");
        bridge.put("DATA_BUCKET", "bucket");
        bridge.put("USER_ID", "user-1");
        bridge.put("CALLBACK_URL", "https://ws.example");

        Map<String, String> env = GatewayProcess.environment(SETTINGS, GatewayUser.of(1000, null), bridge);

        assertThat(env.keySet())
                .containsExactlyInAnyOrder(
                        "PATH",
                        "HOME",
                        "LANG",
                        "ANTHROPIC_API_KEY",
                        "GEMINI_API_KEY",
                        "OPENCLAW_STATE_DIR",
                        "OPENCLAW_CONFIG_PATH",
                        "OPENCLAW_GATEWAY_TOKEN",
                        "OPENCLAW_NO_RESPAWN",
                        "CI",
                        "OPENCLAW_SKIP_CHANNELS",
                        "OPENCLAW_DISABLE_BONJOUR",
                        "OPENCLAW_EXEC_SHELL_SNAPSHOT",
                        "OPENCLAW_SKIP_BROWSER_CONTROL_SERVER",
                        "OPENCLAW_SKIP_CANVAS_HOST",
                        "OPENCLAW_SKIP_GMAIL_WATCHER",
                        "OPENCLAW_SKIP_CRON");
        assertThat(env)
                .containsEntry("OPENCLAW_GATEWAY_TOKEN", "gateway-token")
                .containsEntry("HOME", "/home/openclaw")
                .containsEntry("ANTHROPIC_API_KEY", "sk-ant-key");
    }
}
