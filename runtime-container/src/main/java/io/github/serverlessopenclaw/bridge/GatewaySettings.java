package io.github.serverlessopenclaw.bridge;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the bridge starts its OpenClaw gateway child.
 *
 * @param node            the Node 24 binary
 * @param entry           {@code …/node_modules/openclaw/openclaw.mjs} (never a {@code .bin} link: image layers drop links)
 * @param stateDir        OpenClaw's writable state folder; it holds the config file and, at start, nothing else
 * @param port            loopback port of the gateway
 * @param token           shared gateway token (passed through the environment, never written to disk)
 * @param model           {@code provider/model} for {@code agents.defaults.model.primary}, or null for OpenClaw's default
 * @param modelBaseUrl    base URL of a custom OpenAI- or Anthropic-compatible provider, or null for built-in providers
 * @param modelApi        the custom provider's api ({@code openai-completions}, {@code anthropic-messages}, …)
 * @param modelApiKey     the custom provider's key, or null
 * @param skipSidecars    set the skip flags that cut start-up (channels, browser control, canvas, Gmail, cron, Bonjour)
 * @param maxRestarts     how often a gateway that died is started again before the bridge gives up
 * @param startupTimeout  how long to wait for {@code /startupz}
 */
record GatewaySettings(
        Path node,
        Path entry,
        Path stateDir,
        int port,
        String token,
        String model,
        String modelBaseUrl,
        String modelApi,
        String modelApiKey,
        boolean skipSidecars,
        int maxRestarts,
        Duration startupTimeout) {

    Path configFile() {
        return stateDir.resolve("openclaw.json");
    }

    /**
     * Where OpenClaw keeps the agent's files (AGENTS.md, SOUL.md, the user's work): backed up to S3. Beside the state
     * folder, not in it (OpenClaw's default): a state folder holding only its config is a new install to OpenClaw,
     * which then skips its state migrations at start (2.7 s of one core), and a container's state is always new.
     */
    Path workspace() {
        return workspaceOf(stateDir);
    }

    static Path workspaceOf(Path stateDir) {
        return stateDir.resolveSibling(stateDir.getFileName() + "-workspace");
    }
}
