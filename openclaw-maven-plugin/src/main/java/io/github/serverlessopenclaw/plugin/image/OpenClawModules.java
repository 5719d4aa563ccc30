package io.github.serverlessopenclaw.plugin.image;

import io.github.serverlessopenclaw.plugin.config.Architecture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * OpenClaw's {@code node_modules} for the image's CPU: {@code npm ci} from the pinned lockfile, for
 * Linux and the target CPU (so native optional packages match the container, not this machine), without
 * install scripts (they would run on this machine's Node) and without {@code .bin} symlinks (an image
 * layer cannot hold symlinks), pruned by {@link OpenClawPrune}. Cached per lockfile content, prune rules and
 * architecture.
 */
public final class OpenClawModules {
    /** Where the plugin carries the lockfile of {@code runtime-container/openclaw} (copied at build time). */
    private static final String BUNDLED = "openclaw/";

    private static final List<String> BUNDLED_FILES = List.of("package.json", "package-lock.json");

    private static final String KIND = "openclaw";
    static final String LIFECYCLE_PENDING = ".openclaw-lifecycle-pending";
    /** The prune rules are part of the cache key (and so of the image tag): new rules, new tree. */
    private static final String PRUNE_KEY =
            "p" + Hashes.sha256Hex(bundledPruneRules()).substring(0, 8);

    private final Npm npm;
    private final CacheDirectory cache;

    public OpenClawModules(Npm npm, CacheDirectory cache) {
        this.npm = npm;
        this.cache = cache;
    }

    /** The lockfile the plugin ships, copied into a folder under the cache (so npm can read it). */
    public Path bundledProject() {
        return cache.entry("openclaw-project", Hashes.sha256Hex(bundledBytes()).substring(0, 16), dir -> {
            for (String name : BUNDLED_FILES) {
                try (InputStream in = bundled(name)) {
                    Files.copy(in, dir.resolve(name));
                }
            }
        });
    }

    /**
     * A folder with {@code package.json}, {@code package-lock.json} and {@code node_modules} installed
     * from the npm project in {@code projectDir} (its top-level files: package.json, the lockfile and
     * any local tarballs they refer to).
     */
    public Path prepare(Path projectDir, Architecture architecture) {
        return install(projectDir, architecture, true);
    }

    /** What {@link #prepare} made before the tree was pruned: today's configuration for the cold-start measurement. */
    public Path prepareUnpruned(Path projectDir, Architecture architecture) {
        return install(projectDir, architecture, false);
    }

    private Path install(Path projectDir, Architecture architecture, boolean pruned) {
        String key = key(projectDir, architecture) + "-" + (pruned ? PRUNE_KEY : "unpruned");
        return cache.entry(KIND, key, dir -> {
            for (Path file : topLevel(projectDir)) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
            npm.run(
                    dir,
                    List.of(
                            "ci",
                            "--os=linux",
                            "--cpu=" + architecture.npmCpu(),
                            "--ignore-scripts",
                            "--no-bin-links",
                            "--omit=dev",
                            "--no-audit",
                            "--no-fund",
                            "--loglevel=error"));
            // npm's own bookkeeping: not needed at run time, and it would only make the layer differ
            Files.deleteIfExists(dir.resolve("node_modules/.package-lock.json"));
            // OpenClaw's postinstall ends its package lifecycle by removing this marker (install scripts do not run
            // here; the rest of it only cleans up after upgrades). Left in place, the gateway tries to finish the
            // lifecycle at every start and exits, as its user may not write the image's tree.
            Files.deleteIfExists(dir.resolve("node_modules/openclaw/" + LIFECYCLE_PENDING));
            if (pruned) {
                OpenClawPrune.bundled().apply(dir.resolve("node_modules"));
            }
        });
    }

    /** Where {@link #prepare} puts this project's modules for this CPU (its name is the cache key). */
    public Path location(Path projectDir, Architecture architecture) {
        return cache.location(KIND, key(projectDir, architecture) + "-" + PRUNE_KEY);
    }

    private static String key(Path projectDir, Architecture architecture) {
        if (!Files.isRegularFile(projectDir.resolve("package-lock.json"))) {
            throw new IllegalArgumentException(projectDir + " has no package-lock.json");
        }
        return Hashes.sha256Hex(topLevelFiles(projectDir)).substring(0, 16) + "-" + architecture.npmCpu();
    }

    private static byte[] topLevelFiles(Path projectDir) {
        try {
            var bytes = new ByteArrayOutputStream();
            for (Path file : topLevel(projectDir)) {
                bytes.write(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                bytes.write(0);
                bytes.write(Files.readAllBytes(file));
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> topLevel(Path projectDir) throws IOException {
        try (Stream<Path> files = Files.list(projectDir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static byte[] bundledBytes() {
        try {
            var bytes = new ByteArrayOutputStream();
            for (String name : BUNDLED_FILES) {
                try (InputStream in = bundled(name)) {
                    in.transferTo(bytes);
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bundledPruneRules() {
        try (InputStream in = bundled("prune.txt")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file of runtime-container/openclaw that the plugin jar carries. */
    static InputStream bundled(String name) {
        InputStream in = OpenClawModules.class.getResourceAsStream(BUNDLED + name);
        if (in == null) {
            throw new ImageException("the plugin jar lacks " + BUNDLED + name);
        }
        return in;
    }
}
