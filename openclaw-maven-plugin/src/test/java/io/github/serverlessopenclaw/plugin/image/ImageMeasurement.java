package io.github.serverlessopenclaw.plugin.image;

import io.github.serverlessopenclaw.plugin.config.Architecture;
import io.github.serverlessopenclaw.plugin.deploy.DeployLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Measures the real image (run by scripts/measure-image): the real Node package and the real OpenClaw
 * lockfile, pushed to a loopback registry. Prints cold build+push time (empty layer cache), warm
 * no-change time, warm time after a bridge change, and each layer's size. The JRE base is a local
 * one-layer stand-in (no Docker Hub here), so base-image figures are not included.
 * Arguments: registry host:port, cache dir (empty for a cold run), [bridge jar folder].
 */
public final class ImageMeasurement {
    public static void main(String[] args) throws Exception {
        String registry = args[0];
        Path cache = Path.of(args[1]);
        Path work = Files.createTempDirectory("openclaw-measure");
        List<Path> jars = new ArrayList<>(
                args.length > 2 && Files.isDirectory(Path.of(args[2]))
                        ? BridgeDistribution.fromDirectory(Path.of(args[2]), BridgeDistribution.DEFAULT_MAIN_CLASS)
                                .applicationJars()
                        : ImageFixtures.bridgeJars(work));
        if (args.length > 2 && Files.isDirectory(Path.of(args[2]))) {
            jars.addAll(BridgeDistribution.fromDirectory(Path.of(args[2]), BridgeDistribution.DEFAULT_MAIN_CLASS)
                    .dependencyJars());
        }
        Architecture architecture = Architecture.ARM64;
        ImagePublisher.Settings settings = new ImagePublisher.Settings(
                "tar://" + ImageFixtures.baseTar(work, architecture),
                architecture,
                NodeDistribution.pinnedVersion(),
                Optional.empty(),
                BridgeDistribution.of(jars, BridgeDistribution.DEFAULT_MAIN_CLASS),
                cache);
        String repository = "measure/openclaw-" + System.currentTimeMillis();
        PlainRegistry target = new PlainRegistry(registry, repository, true);
        ImagePublisher publisher = new ImagePublisher(Npm.onPath());

        boolean coldCache = !Files.exists(cache.resolve("openclaw"));
        long start = System.nanoTime();
        PublishedImage cold =
                publisher.publish(settings, target, DeployLog.to(line -> System.out.println("  " + line)));
        System.out.printf(
                "%s build+push: %.1f s (layer cache %s)%n",
                coldCache ? "cold" : "new-repository",
                seconds(start),
                coldCache ? "empty: Node download and npm ci included" : "warm");
        print(cold);

        start = System.nanoTime();
        PublishedImage warm = publisher.publish(settings, target, DeployLog.to(line -> {}));
        System.out.printf(
                "warm, no change: %.2f s (pushed=%s, same digest=%s)%n",
                seconds(start), warm.pushed(), warm.digest().equals(cold.digest()));

        // a changed bridge jar: only the top layer is rebuilt and uploaded
        Path changed = Files.createDirectories(work.resolve("changed"));
        List<Path> changedJars = new ArrayList<>(settings.bridge().dependencyJars());
        List<Path> appJars = settings.bridge().applicationJars();
        changedJars.addAll(appJars.subList(1, appJars.size()));
        Path app = changed.resolve(appJars.get(0).getFileName().toString());
        Files.copy(appJars.get(0), app);
        Files.writeString(app, "x", java.nio.file.StandardOpenOption.APPEND); // any byte change is a new jar to us
        changedJars.add(app);
        ImagePublisher.Settings changedSettings = new ImagePublisher.Settings(
                settings.baseImage(),
                architecture,
                settings.nodeVersion(),
                Optional.empty(),
                BridgeDistribution.of(changedJars, BridgeDistribution.DEFAULT_MAIN_CLASS),
                cache);
        start = System.nanoTime();
        PublishedImage rebuilt = publisher.publish(changedSettings, target, DeployLog.to(line -> {}));
        System.out.printf("warm, bridge jar changed: %.1f s%n", seconds(start));
        print(rebuilt);
    }

    private static void print(PublishedImage image) {
        System.out.println("  " + image.reference());
        long uncompressed = 0;
        long compressed = 0;
        for (PublishedImage.Layer layer : image.layers()) {
            System.out.printf(
                    "  %-20s %7d files %9.1f MB uncompressed %9.1f MB gzip  %s%n",
                    layer.name(),
                    layer.files(),
                    layer.uncompressedBytes() / 1e6,
                    layer.compressedBytes() / 1e6,
                    layer.uploaded() ? "uploaded" : "already present");
            uncompressed += layer.uncompressedBytes();
            compressed += layer.compressedBytes();
        }
        System.out.printf(
                "  %-20s %13s %9.1f MB uncompressed %9.1f MB gzip (without the JRE base)%n",
                "total", "", uncompressed / 1e6, compressed / 1e6);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
