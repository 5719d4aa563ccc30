package io.github.serverlessopenclaw.plugin.image;

import io.github.serverlessopenclaw.plugin.config.Architecture;
import java.nio.file.Path;

/**
 * Prints where Node and OpenClaw are, laid out as push-image puts them in the image, for this machine's CPU (run by
 * scripts/measure-cold-start): {@code NODE=}, {@code OPENCLAW=} (the image's pruned tree) and
 * {@code OPENCLAW_UNPRUNED=} (the tree before pruning, today's configuration in the measurement).
 */
public final class ImageContents {
    private ImageContents() {}

    public static void main(String[] args) {
        Path cacheDir = Path.of(args[0]);
        Architecture architecture = Architecture.parse(System.getProperty("os.arch"));
        CacheDirectory cache = new CacheDirectory(cacheDir);
        Npm npm = Npm.onPath();
        Path node = new NodeDistribution(npm, cache).prepare(NodeDistribution.pinnedVersion(), architecture);
        OpenClawModules modules = new OpenClawModules(npm, cache);
        Path project = modules.bundledProject();
        System.out.println("NODE=" + node.resolve("bin/node"));
        System.out.println("OPENCLAW=" + modules.prepare(project, architecture).resolve("node_modules/openclaw"));
        System.out.println("OPENCLAW_UNPRUNED="
                + modules.prepareUnpruned(project, architecture).resolve("node_modules/openclaw"));
    }
}
