package io.github.serverlessopenclaw.common;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The project's agent folder ({@code src/main/openclaw/}, {@code openclaw.agentDirectory}): its layout, the manifest
 * the plugin uploads for the bridge, and the configuration keys the bridge owns. The plugin and the bridge both read
 * these facts from here.
 *
 * <p>The manifest (JSON, itself a content-addressed object next to the files) is
 * {@code {"workspace": {"AGENTS.md": "<key>", …}, "skills": {"<skill>/SKILL.md": "<key>", …}, "overlay": {…}}}: every
 * file by its path relative to its folder and the object key of its content in the same bucket.
 */
public final class AgentFolder {
    /** Files every user's agent starts with; the project owns them (see the bridge's ProjectWorkspace). */
    public static final String WORKSPACE = "workspace";
    /** OpenClaw skills, installed into the gateway's managed skills folder ({@code <state dir>/skills}). */
    public static final String SKILLS = "skills";
    /** The configuration overlay merged into the {@code openclaw.json} the bridge writes. */
    public static final String OVERLAY = "openclaw.json";
    /** Default location in the user's project. */
    public static final String DEFAULT_DIRECTORY = "src/main/openclaw";
    /**
     * In each workspace, the list of the files the project put there: the difference between a file the project
     * removed (deleted) and one the agent or the user created (never touched).
     */
    public static final String WORKSPACE_MANIFEST = ".openclaw-project-files.json";
    /** Provider id of the custom OpenAI-compatible endpoint ({@code openclaw.modelBaseUrl}): models {@code custom/<id>}. */
    public static final String CUSTOM_PROVIDER = "custom";
    /** A file path the folder may hold: relative, plain segments, no dot-dot, no hidden control characters. */
    public static final Pattern SAFE_PATH =
            Pattern.compile("(?!.*(^|/)\\.\\.?(/|$))[A-Za-z0-9._@+ -]+(/[A-Za-z0-9._@+ -]+)*");

    /**
     * The configuration keys the bridge writes itself, each with the parameter that sets it instead. An overlay
     * naming one of them (or a key below it) is refused at synth time.
     */
    public record OwnedKey(String path, String instead) {
        /** The sentence a refused overlay fails with. */
        public String refusal(String overlayFile) {
            return overlayFile + " sets '" + path + "', which the bridge owns: " + instead;
        }
    }

    public static final List<OwnedKey> OWNED_KEYS = List.of(
            new OwnedKey("gateway.bind", "the gateway listens on loopback only, for the bridge; remove the key"),
            new OwnedKey("gateway.port", "remove the key (the bridge picks the port, OPENCLAW_GATEWAY_PORT)"),
            new OwnedKey("gateway.mode", "remove the key (the bridge runs the gateway in local mode)"),
            new OwnedKey(
                    "gateway.auth",
                    "remove the key (the bridge's token, the openclaw-gateway-token secret, authenticates it)"),
            new OwnedKey("gateway.tls", "remove the key (the bridge talks to the gateway on loopback)"),
            new OwnedKey("agents.defaults.model", "use openclaw.model and openclaw.modelFallbacks"),
            new OwnedKey(
                    "models.providers",
                    "use openclaw.modelBaseUrl and openclaw.modelApi for an OpenAI-compatible endpoint"),
            new OwnedKey(
                    "agents.defaults.workspace",
                    "remove the key (the bridge restores and backs up the workspace; put files in workspace/)"),
            new OwnedKey(
                    "update.checkOnStart",
                    "remove the key (a container never updates itself: a new OpenClaw comes with a new image)"),
            new OwnedKey("cron.enabled", "use openclaw.capabilities (cron)"),
            new OwnedKey("browser.enabled", "use openclaw.capabilities (browser)"),
            new OwnedKey("canvasHost.enabled", "use openclaw.capabilities (canvas)"),
            new OwnedKey(
                    "models.catalogRefresh",
                    "remove the key (a downloaded model catalog applies only after a gateway restart, and a"
                            + " container's state folder is new at each start: the bridge turns the refresh off)"));

    private AgentFolder() {}
}
