package io.github.serverlessopenclaw.plugin.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import com.google.cloud.tools.jib.api.buildplan.Port;
import io.github.serverlessopenclaw.common.Constants;
import io.github.serverlessopenclaw.common.Env;
import io.github.serverlessopenclaw.plugin.config.ConfigurationException;
import io.github.serverlessopenclaw.plugin.config.PropertyNames;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Lays the image out with jib-core: base JRE, Node, OpenClaw's node_modules, the bridge's dependencies,
 * the bridge. Every entry gets a fixed time, owner and mode from the source's executable bit, so the
 * same inputs always give the same digest.
 */
public final class ImageBuilder {
    private static final FilePermissions EXECUTABLE = FilePermissions.fromOctalString("755");
    private static final FilePermissions REGULAR = FilePermissions.fromOctalString("644");
    private static final FilePermissions DIRECTORY = FilePermissions.fromOctalString("755");
    private static final FilePermissions PRIVATE_DIRECTORY = FilePermissions.fromOctalString("700");
    private static final String OWNED_BY_GATEWAY = ImageLayout.GATEWAY_USER;

    /** What one of our layers holds (the base image's layers are not listed). */
    public record LayerContent(String name, long files, long bytes) {}

    /** The container result and our layers, bottom to top. */
    public record Built(String digest, List<LayerContent> layers) {}

    private final RegistryCredentials credentials;

    /** Anonymous pulls of the base image. */
    public ImageBuilder() {
        this(RegistryCredentials.NONE);
    }

    /** Pulls the base image with these credentials (settings.xml servers, Docker's credential helpers). */
    public ImageBuilder(RegistryCredentials credentials) {
        this.credentials = credentials;
    }

    /** The Jib build plan for the recipe; callers choose where it goes. */
    public JibContainerBuilder plan(ImageRecipe recipe, List<LayerContent> layerContents) {
        List<FileEntriesLayer> layers = layers(recipe, layerContents);
        JibContainerBuilder builder = base(recipe)
                .setFormat(ImageFormat.Docker)
                .setPlatforms(Set.of(new Platform(recipe.architecture().imageArchitecture(), "linux")))
                .setFileEntriesLayers(layers)
                .setEntrypoint(entrypoint(recipe.bridge().mainClass()))
                .setProgramArguments(List.of())
                .setUser(ImageLayout.USER)
                .setWorkingDirectory(ImageLayout.HOME_DIR)
                .setEnvironment(environment())
                .addExposedPort(Port.tcp(Constants.BRIDGE_PORT));
        return builder;
    }

    /** Builds the image and hands it to {@code containerizer} (a registry or a tar). */
    public Built containerize(ImageRecipe recipe, Containerizer containerizer) {
        List<LayerContent> contents = new ArrayList<>();
        JibContainerBuilder plan = plan(recipe, contents);
        try {
            JibContainer container = plan.containerize(containerizer);
            return new Built(container.getDigest().toString(), List.copyOf(contents));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageException("interrupted while building the image", e);
        } catch (RegistryException e) {
            throw new ImageException("the registry refused the image: " + e.getMessage(), e);
        } catch (ExecutionException | IOException | CacheDirectoryCreationException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new ImageException("building the image failed: " + cause, cause);
        }
    }

    /** Convenience for tests and for making a base image: build into a local tar. */
    public static Containerizer toTar(Path tar, String name, Path cacheDir, Consumer<LogEvent> log) {
        try {
            return withCaches(Containerizer.to(TarImage.at(tar).named(name)), cacheDir, log);
        } catch (InvalidImageReferenceException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Containerizer withCaches(Containerizer containerizer, Path cacheDir, Consumer<LogEvent> log) {
        return containerizer
                .setToolName("openclaw-maven-plugin")
                .setBaseImageLayersCache(cacheDir.resolve("jib-base"))
                .setApplicationLayersCache(cacheDir.resolve("jib-layers"))
                .addEventHandler(LogEvent.class, log::accept);
    }

    static List<String> entrypoint(String mainClass) {
        String classPath = ImageLayout.BRIDGE_DIR + "/*:" + ImageLayout.LIBS_DIR + "/*";
        // container-aware heap: the JVM takes 40 % of the task's memory, Node and OpenClaw need the rest
        return List.of("java", "-XX:MaxRAMPercentage=40", "-XX:+ExitOnOutOfMemoryError", "-cp", classPath, mainClass);
    }

    static Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", ImageLayout.HOME_DIR.toString());
        env.put("PATH", ImageLayout.PATH);
        env.put(Env.OPENCLAW_NODE, ImageLayout.NODE_BINARY.toString());
        env.put(Env.OPENCLAW_PACKAGE_DIR, ImageLayout.OPENCLAW_PACKAGE.toString());
        env.put("NODE_ENV", "production");
        return env;
    }

    private JibContainerBuilder base(ImageRecipe recipe) {
        try {
            if (recipe.baseIsTar()) {
                Path tar = recipe.baseTar();
                if (!Files.isRegularFile(tar)) {
                    throw new ConfigurationException("base image tar " + tar + " does not exist; fix "
                            + PropertyNames.flag(PropertyNames.BASE_IMAGE));
                }
                String tarArchitecture = tarArchitecture(tar);
                if (!tarArchitecture.equals(recipe.architecture().imageArchitecture())) {
                    // Jib keeps a single-platform base's architecture whatever the platform asked for
                    throw new ConfigurationException("base image tar " + tar + " is for " + tarArchitecture + ", not "
                            + recipe.architecture().imageArchitecture() + ": use a base for that architecture or change"
                            + " " + PropertyNames.flag(PropertyNames.ARCHITECTURE));
                }
                return Jib.from(TarImage.at(tar));
            }
            return Jib.from(credentials.image(ImageReference.parse(recipe.baseImage())));
        } catch (InvalidImageReferenceException e) {
            throw new ConfigurationException("base image '" + recipe.baseImage() + "' is not an image reference: use"
                    + " for example " + ImagePublisher.DEFAULT_BASE_IMAGE + " or tar:///absolute/path.tar");
        }
    }

    /** The architecture in a docker-save tar's image config ({@code manifest.json} names the config file). */
    static String tarArchitecture(Path tar) {
        Map<String, byte[]> files = new HashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(tar)))) {
            for (TarArchiveEntry entry; (entry = in.getNextEntry()) != null; ) {
                if (entry.isFile() && entry.getName().endsWith(".json")) {
                    files.put(entry.getName(), in.readAllBytes());
                }
            }
            ObjectMapper json = new ObjectMapper();
            String configName = json.readTree(files.get("manifest.json"))
                    .path(0)
                    .path("Config")
                    .asText();
            return json.readTree(files.get(configName)).path("architecture").asText();
        } catch (IOException | NullPointerException | IllegalArgumentException e) {
            throw new ConfigurationException("base image tar " + tar + " is not a docker-save image tar (" + e + ")");
        }
    }

    private static List<FileEntriesLayer> layers(ImageRecipe recipe, List<LayerContent> contents) {
        if (!Files.isRegularFile(recipe.nodeDir().resolve("bin/node"))) {
            throw new IllegalArgumentException(recipe.nodeDir() + " holds no bin/node");
        }
        if (!Files.isDirectory(recipe.openclawDir().resolve("node_modules"))) {
            throw new IllegalArgumentException(recipe.openclawDir() + " holds no node_modules");
        }
        List<FileEntriesLayer> layers = new ArrayList<>();

        Layer node = new Layer("node");
        node.addTree(recipe.nodeDir(), ImageLayout.NODE_DIR);
        node.addOwnedDirectory(recipe.nodeDir(), ImageLayout.HOME_DIR); // the gateway user's private home
        layers.add(node.build(contents));

        Layer openclaw = new Layer("openclaw");
        openclaw.addTree(recipe.openclawDir(), ImageLayout.OPENCLAW_DIR);
        layers.add(openclaw.build(contents));

        Layer libs = new Layer("bridge-dependencies");
        recipe.bridge()
                .dependencyJars()
                .forEach(jar -> libs.addFile(
                        jar, ImageLayout.LIBS_DIR.resolve(jar.getFileName().toString())));
        layers.add(libs.build(contents));

        Layer bridge = new Layer("bridge");
        recipe.bridge()
                .applicationJars()
                .forEach(jar -> bridge.addFile(
                        jar, ImageLayout.BRIDGE_DIR.resolve(jar.getFileName().toString())));
        layers.add(bridge.build(contents));
        return layers;
    }

    /** One layer being filled, with its file count and size. */
    private static final class Layer {
        private final String name;
        private final FileEntriesLayer.Builder builder;
        private long files;
        private long bytes;

        Layer(String name) {
            this.name = name;
            this.builder = FileEntriesLayer.builder().setName(name);
        }

        void addFile(Path source, AbsoluteUnixPath target) {
            builder.addEntry(
                    source,
                    target,
                    isExecutable(source) ? EXECUTABLE : REGULAR,
                    FileEntriesLayer.DEFAULT_MODIFICATION_TIME);
            files++;
            try {
                bytes += Files.size(source);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void addOwnedDirectory(Path anyDirectory, AbsoluteUnixPath target) {
            builder.addEntry(
                    anyDirectory,
                    target,
                    PRIVATE_DIRECTORY,
                    FileEntriesLayer.DEFAULT_MODIFICATION_TIME,
                    OWNED_BY_GATEWAY);
        }

        /** Every directory and regular file under {@code root}, in sorted order; symlinks are left out. */
        void addTree(Path root, AbsoluteUnixPath target) {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path path : paths.sorted().toList()) {
                    if (path.equals(root) || Files.isSymbolicLink(path)) {
                        continue;
                    }
                    AbsoluteUnixPath inImage =
                            target.resolve(root.relativize(path).toString().replace('\\', '/'));
                    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                        builder.addEntry(path, inImage, DIRECTORY, FileEntriesLayer.DEFAULT_MODIFICATION_TIME);
                    } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                        addFile(path, inImage);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        FileEntriesLayer build(List<LayerContent> contents) {
            contents.add(new LayerContent(name, files, bytes));
            return builder.build();
        }

        private static boolean isExecutable(Path file) {
            try {
                return Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_EXECUTE);
            } catch (UnsupportedOperationException | IOException e) {
                return Files.isExecutable(file);
            }
        }
    }
}
