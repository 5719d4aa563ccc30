package io.github.serverlessopenclaw.plugin.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled prune rules on a small tree shaped like OpenClaw's node_modules. */
class OpenClawPruneTest {
    @TempDir
    Path modules;

    @Test
    void removesWhatTheRulesNameAndKeepsTheRest() throws IOException {
        List<String> before = List.of(
                "openclaw/openclaw.mjs",
                "openclaw/dist/entry.js",
                "openclaw/dist/entry.d.ts",
                "openclaw/dist/entry.js.map",
                "openclaw/dist/control-ui/index.html",
                "openclaw/docs/index.md",
                "openclaw/docs/reference/rpc.md",
                "openclaw/docs/reference/templates/AGENTS.md",
                "typescript/lib/typescript.js",
                "@trycua/cua-driver/index.js",
                "playwright-core/index.js",
                "@earendil-works/pi-tui/native/darwin/prebuilds/darwin-arm64/m.node",
                "@earendil-works/pi-tui/native/linux/prebuilds/linux-x64/m.node",
                "zod/index.d.cts",
                "zod/index.cjs",
                "control-ui-lookalike/dist/control-ui/keep.js");
        long bytes = 0;
        for (String file : before) {
            Path path = modules.resolve(file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, "x".repeat(10));
            bytes += 10;
        }

        OpenClawPrune.Result result = OpenClawPrune.bundled().apply(modules);

        assertThat(files())
                .containsExactlyInAnyOrder(
                        "openclaw/openclaw.mjs",
                        "openclaw/dist/entry.js",
                        "openclaw/docs/reference/templates/AGENTS.md",
                        "@earendil-works/pi-tui/native/linux/prebuilds/linux-x64/m.node",
                        "zod/index.cjs",
                        "control-ui-lookalike/dist/control-ui/keep.js");
        assertThat(result.files()).isEqualTo(before.size() - 6);
        assertThat(result.bytes()).isEqualTo(bytes - 60);
        assertThat(modules.resolve("typescript")).doesNotExist(); // emptied folders go too
        assertThat(modules.resolve("openclaw/docs/reference/templates")).isDirectory();
    }

    @Test
    void refusesARuleThatCouldLeaveTheTree() {
        assertThatThrownBy(() -> new OpenClawPrune("../elsewhere/\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("relative folder");
        assertThatThrownBy(() -> new OpenClawPrune("/etc/\n")).isInstanceOf(IllegalArgumentException.class);
    }

    private List<String> files() throws IOException {
        try (Stream<Path> walk = Files.walk(modules)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> modules.relativize(p).toString().replace('\\', '/'))
                    .toList();
        }
    }
}
