package io.github.serverlessopenclaw.common;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * OpenClaw features a deployment may run ({@code openclaw.capabilities}). By default none run: the bridge starts the
 * gateway with the skip flags that make its start fast; each capability named here keeps its flags off.
 */
public enum Capability {
    /** Scheduled jobs and heartbeats (OpenClaw's cron service). */
    CRON("cron", List.of("OPENCLAW_SKIP_CRON"), List.of()),
    /** The browser-control server (the agent drives a browser; the image ships none: only a remote CDP browser works). */
    BROWSER("browser", List.of("OPENCLAW_SKIP_BROWSER_CONTROL_SERVER"), List.of("browser")),
    /** The canvas host (the agent's HTML canvas served by the gateway). */
    CANVAS("canvas", List.of("OPENCLAW_SKIP_CANVAS_HOST"), List.of("canvas")),
    /** The Gmail watcher (needs Gmail hooks configured in the overlay). */
    GMAIL("gmail", List.of("OPENCLAW_SKIP_GMAIL_WATCHER"), List.of()),
    /** The login shell snapshot the exec tool takes at start (the user's shell profile in commands). */
    SHELL_SNAPSHOT("shell-snapshot", List.of("OPENCLAW_EXEC_SHELL_SNAPSHOT"), List.of());

    private final String id;
    private final List<String> skipFlags;
    private final List<String> plugins;

    Capability(String id, List<String> skipFlags, List<String> plugins) {
        this.id = id;
        this.skipFlags = skipFlags;
        this.plugins = plugins;
    }

    public String id() {
        return id;
    }

    /** The gateway's environment variables that switch this feature off; the bridge leaves them unset when it runs. */
    public List<String> skipFlags() {
        return skipFlags;
    }

    /** OpenClaw's bundled plugins this feature needs: the bridge denies them unless the feature runs. */
    public List<String> plugins() {
        return plugins;
    }

    public static Optional<Capability> byId(String id) {
        return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
    }

    public static String ids() {
        return Arrays.stream(values()).map(Capability::id).collect(Collectors.joining(", "));
    }

    /** Parses the comma list as the plugin writes it into the task definition; unknown names are ignored. */
    public static Set<Capability> parse(String list) {
        EnumSet<Capability> set = EnumSet.noneOf(Capability.class);
        if (list != null) {
            for (String id : list.split(",")) {
                byId(id.trim()).ifPresent(set::add);
            }
        }
        return set;
    }

    public static String format(Set<Capability> capabilities) {
        return capabilities.stream().map(Capability::id).collect(Collectors.joining(","));
    }
}
