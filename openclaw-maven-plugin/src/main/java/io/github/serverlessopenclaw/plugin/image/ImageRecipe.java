package io.github.serverlessopenclaw.plugin.image;

import io.github.serverlessopenclaw.plugin.config.Architecture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the image is made of. Its {@link #contentTag()} names the inputs, so a repository that
 * already holds that tag already holds this image and nothing needs building or pushing.
 *
 * @param baseImage   a registry reference (pin it by digest) or {@code tar:///abs/path.tar}
 * @param nodeDir     a {@link NodeDistribution} cache folder; its name is its version and CPU, so the tag
 *                    is known before the folder is filled
 * @param openclawDir an {@link OpenClawModules} cache folder; its name is its lockfile hash and CPU
 */
public record ImageRecipe(
        String baseImage, Architecture architecture, Path nodeDir, Path openclawDir, BridgeDistribution bridge) {
    /** Bump when {@link ImageBuilder} lays the image out differently, so old tags are not taken for new images. */
    static final int LAYOUT_VERSION = 2;

    private static final String TAR_PREFIX = "tar://";

    public boolean baseIsTar() {
        return baseImage.startsWith(TAR_PREFIX);
    }

    public Path baseTar() {
        return Path.of(baseImage.substring(TAR_PREFIX.length()));
    }

    /** {@code c-} and 40 hex characters: a hash over every input (jar contents, not their timestamps). */
    public String contentTag() {
        List<String> parts = new ArrayList<>();
        parts.add("layout=" + LAYOUT_VERSION);
        parts.add("base=" + baseImage + (baseIsTar() ? "#" + Hashes.sha256Hex(baseTar()) : ""));
        parts.add("arch=" + architecture.imageArchitecture());
        parts.add("node=" + nodeDir.getFileName());
        parts.add("openclaw=" + openclawDir.getFileName());
        parts.add("main=" + bridge.mainClass());
        for (Path jar : bridge.dependencyJars()) {
            parts.add("lib=" + jar.getFileName() + "#" + Hashes.sha256Hex(jar));
        }
        for (Path jar : bridge.applicationJars()) {
            parts.add("app=" + jar.getFileName() + "#" + Hashes.sha256Hex(jar));
        }
        return "c-"
                + Hashes.sha256Hex(String.join("\n", parts).getBytes(StandardCharsets.UTF_8))
                        .substring(0, 40);
    }
}
