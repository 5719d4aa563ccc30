package io.github.serverlessopenclaw.plugin.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.serverlessopenclaw.plugin.config.Architecture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's OpenClaw tree from a real {@code npm ci} of a small local package shaped like OpenClaw's: its
 * package lifecycle ended (the gateway's user could not end it in the image) and pruned.
 */
class OpenClawModulesTest {
    @TempDir
    Path work;

    @Test
    void theTreeIsPrunedAndItsPackageLifecycleEnded() throws Exception {
        Path pkg = Files.createDirectories(work.resolve("openclaw-src"));
        Files.writeString(
                pkg.resolve("package.json"),
                "{\"name\":\"openclaw\",\"version\":\"0.0.2-test\",\"type\":\"module\"}\n");
        Files.writeString(pkg.resolve("openclaw.mjs"), "console.log('fake openclaw');\n");
        Files.writeString(pkg.resolve(OpenClawModules.LIFECYCLE_PENDING), "pending\n"); // as the real package ships it
        Files.createDirectories(pkg.resolve("dist/control-ui"));
        Files.writeString(pkg.resolve("dist/control-ui/index.html"), "<html>");
        Files.writeString(pkg.resolve("dist/entry.js"), "export {};\n");
        Files.writeString(pkg.resolve("dist/entry.d.ts"), "export {};\n");
        Files.createDirectories(pkg.resolve("docs/reference/templates"));
        Files.writeString(pkg.resolve("docs/reference/templates/AGENTS.md"), "# agents\n");
        Files.writeString(pkg.resolve("docs/index.md"), "# docs\n");
        Path project = Files.createDirectories(work.resolve("project"));
        ImageFixtures.npm(pkg, "pack", "--pack-destination", project.toString());
        Files.writeString(
                project.resolve("package.json"),
                "{\"name\":\"fake-runtime\",\"version\":\"1.0.0\",\"private\":true,"
                        + "\"dependencies\":{\"openclaw\":\"file:openclaw-0.0.2-test.tgz\"}}\n");
        ImageFixtures.npm(project, "install", "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund");
        OpenClawModules modules = new OpenClawModules(Npm.onPath(), new CacheDirectory(work.resolve("cache")));

        Path installed = modules.prepare(project, Architecture.ARM64).resolve("node_modules/openclaw");
        Path unpruned = modules.prepareUnpruned(project, Architecture.ARM64).resolve("node_modules/openclaw");

        assertThat(installed.resolve("openclaw.mjs")).isRegularFile();
        assertThat(installed.resolve("dist/entry.js")).isRegularFile();
        assertThat(installed.resolve("docs/reference/templates/AGENTS.md")).isRegularFile();
        assertThat(installed.resolve(OpenClawModules.LIFECYCLE_PENDING)).doesNotExist();
        assertThat(installed.resolve("dist/control-ui")).doesNotExist();
        assertThat(installed.resolve("dist/entry.d.ts")).doesNotExist();
        assertThat(installed.resolve("docs/index.md")).doesNotExist();
        assertThat(modules.location(project, Architecture.ARM64))
                .isEqualTo(installed.getParent().getParent());
        // the tree before pruning (the measurement's "today"), in its own cache entry
        assertThat(unpruned.resolve("dist/entry.d.ts")).isRegularFile();
        assertThat(unpruned.resolve(OpenClawModules.LIFECYCLE_PENDING)).doesNotExist();
    }
}
