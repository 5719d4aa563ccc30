package io.github.serverlessopenclaw.plugin.image;

import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import io.github.serverlessopenclaw.plugin.config.Architecture;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Small, local stand-ins for the image's inputs, so image tests need no network. */
public final class ImageFixtures {
    public static final String MAIN_CLASS = "io.github.serverlessopenclaw.bridge.Main";

    private ImageFixtures() {}

    /** A one-layer base image as a local tar (Jib's docker-save format), instead of pulling a JRE. */
    public static Path baseTar(Path dir, Architecture architecture) throws Exception {
        Path marker = Files.writeString(dir.resolve("base-marker"), "test base image\n");
        Path tar = dir.resolve("base-" + architecture.imageArchitecture() + ".tar");
        Jib.fromScratch()
                .setPlatforms(Set.of(new Platform(architecture.imageArchitecture(), "linux")))
                .setEnvironment(Map.of("JAVA_HOME", "/opt/java/openjdk"))
                .setFileEntriesLayers(List.of(FileEntriesLayer.builder()
                        .setName("base")
                        .addEntry(marker, AbsoluteUnixPath.get("/etc/openclaw-test-base"))
                        .build()))
                .containerize(ImageBuilder.toTar(tar, "test/base:1", dir.resolve("jib-cache"), event -> {}));
        return tar;
    }

    /**
     * A stand-in Node (a shell script) placed where {@link NodeDistribution} caches the real one, so
     * that the download is skipped; NodeDistributionTest fetches the real package.
     */
    public static void fakeNode(Path cacheDir, String version, Architecture architecture) throws IOException {
        Path dir = new NodeDistribution(Npm.onPath(), new CacheDirectory(cacheDir)).location(version, architecture);
        Path node = dir.resolve("bin/node");
        Files.createDirectories(node.getParent());
        Files.writeString(node, "#!/bin/sh\necho v24-test\n");
        Files.setPosixFilePermissions(node, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dir.resolve("LICENSE"), "test licence\n");
    }

    /** An npm project whose lockfile installs a tiny local {@code openclaw} package (real npm ci, no registry). */
    public static Path fakeOpenClawProject(Path dir) throws IOException, InterruptedException {
        Path pkg = Files.createDirectories(dir.resolve("openclaw-src"));
        Files.writeString(
                pkg.resolve("package.json"),
                "{\"name\":\"openclaw\",\"version\":\"0.0.1-test\",\"type\":\"module\",\"bin\":{\"openclaw\":\"openclaw.mjs\"}}\n");
        Files.writeString(pkg.resolve("openclaw.mjs"), "#!/usr/bin/env node\nconsole.log('fake openclaw');\n");
        Path project = Files.createDirectories(dir.resolve("openclaw-project"));
        npm(pkg, "pack", "--pack-destination", project.toString());
        Files.writeString(
                project.resolve("package.json"),
                "{\"name\":\"fake-runtime\",\"version\":\"1.0.0\",\"private\":true,"
                        + "\"dependencies\":{\"openclaw\":\"file:openclaw-0.0.1-test.tgz\"}}\n");
        npm(project, "install", "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund");
        return project;
    }

    /** {@code openclaw-runtime-container-*.jar} (the bridge) and one third-party jar, with fixed entry times. */
    public static List<Path> bridgeJars(Path dir) throws IOException {
        Path libs = Files.createDirectories(dir.resolve("bridge-libs"));
        return List.of(
                jar(
                        dir.resolve("openclaw-runtime-container-0.1.0-SNAPSHOT.jar"),
                        "io/github/serverlessopenclaw/bridge/Main.txt"),
                jar(libs.resolve("some-dependency-1.0.jar"), "org/example/Dependency.txt"));
    }

    private static Path jar(Path file, String entryName) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (OutputStream out = Files.newOutputStream(file);
                JarOutputStream jar = new JarOutputStream(out, manifest)) {
            JarEntry entry = new JarEntry(entryName);
            entry.setLastModifiedTime(FileTime.fromMillis(0));
            jar.putNextEntry(entry);
            jar.write(("content of " + entryName).getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return file;
    }

    static void npm(Path dir, String... args) throws IOException, InterruptedException {
        Npm.onPath().run(dir, List.of(args));
    }
}
