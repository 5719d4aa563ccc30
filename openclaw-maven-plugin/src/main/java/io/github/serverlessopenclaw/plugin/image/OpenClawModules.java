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
 * layer cannot hold symlinks). Cached per lockfile content and architecture.
 */
public final class OpenClawModules {
    /** Where the plugin carries the lockfile of {@code runtime-container/openclaw} (copied at build time). */
    private static final String BUNDLED = "openclaw/";
    private static final List<String> BUNDLED_FILES = List.of("package.json", "package-lock.json");

    private static final String KIND = "openclaw";

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
        return cache.entry(KIND, key(projectDir, architecture), dir -> {
            for (Path file : topLevel(projectDir)) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
            npm.run(dir, List.of("ci", "--os=linux", "--cpu=" + architecture.npmCpu(), "--ignore-scripts",
                    "--no-bin-links", "--omit=dev", "--no-audit", "--no-fund", "--loglevel=error"));
            // npm's own bookkeeping: not needed at run time, and it would only make the layer differ
            Files.deleteIfExists(dir.resolve("node_modules/.package-lock.json"));
        });
    }

    /** Where {@link #prepare} puts this project's modules for this CPU (its name is the cache key). */
    public Path location(Path projectDir, Architecture architecture) {
        return cache.location(KIND, key(projectDir, architecture));
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

    /** A file of runtime-container/openclaw that the plugin jar carries. */
    static InputStream bundled(String name) {
        InputStream in = OpenClawModules.class.getResourceAsStream(BUNDLED + name);
        if (in == null) {
            throw new ImageException("the plugin jar lacks " + BUNDLED + name);
        }
        return in;
    }
}
