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
    void carriesEveryFileOfTheProjectsLauncher(@TempDir Path dir) throws IOException {
        Path scripts = Path.of("").toAbsolutePath().getParent().resolve("scripts/moto");
        try (Stream<Path> files = Files.walk(scripts)) {
            assertThat(MotoServer.FILES).containsExactlyInAnyOrderElementsOf(files
                    .filter(f -> f.toString().endsWith(".py"))
                    .map(f -> scripts.relativize(f).toString().replace('\\', '/')).toList());
        }
        Path launcher = MotoServer.extract(dir);
        assertThat(launcher).hasSameTextualContentAs(scripts.resolve("launcher.py"));
        assertThat(dir.resolve("openclaw_moto/models.py")).hasSameTextualContentAs(scripts.resolve("openclaw_moto/models.py"));
    }
}
