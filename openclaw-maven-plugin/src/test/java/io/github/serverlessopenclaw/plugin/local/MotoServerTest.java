package io.github.serverlessopenclaw.plugin.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher the plugin carries is the project's one copy (scripts/moto), whole. */
class MotoServerTest {
    @Test
    void namesTheMissingPieceWithItsInstallCommand() {
        assertThat(MotoServer.missing())
                .as("scripts/test needs python3 with moto 5")
                .isEmpty();
        assertThat(MotoServer.missing("python3-not-installed-here"))
                .hasValueSatisfying(line -> assertThat(line)
                        .isEqualTo("python3 is missing: install Python 3, then pip install 'moto[server]==5.2.1'"));
    }

    @Test
    void carriesEveryFileOfTheProjectsLauncher(@TempDir Path dir) throws IOException {
        Path scripts = Path.of("").toAbsolutePath().getParent().resolve("scripts/moto");
        try (Stream<Path> files = Files.walk(scripts)) {
            assertThat(MotoServer.FILES)
                    .containsExactlyInAnyOrderElementsOf(
                            files.filter(f -> f.toString().endsWith(".py"))
                                    .map(f -> scripts.relativize(f).toString().replace('\\', '/'))
                                    .toList());
        }
        Path launcher = MotoServer.extract(dir);
        assertThat(launcher).hasSameTextualContentAs(scripts.resolve("launcher.py"));
        assertThat(dir.resolve("openclaw_moto/models.py"))
                .hasSameTextualContentAs(scripts.resolve("openclaw_moto/models.py"));
    }
}
