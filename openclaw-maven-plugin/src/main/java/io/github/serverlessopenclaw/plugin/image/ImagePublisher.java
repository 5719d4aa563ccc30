package io.github.serverlessopenclaw.plugin.image;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.event.events.ProgressEvent;
import io.github.serverlessopenclaw.plugin.config.Architecture;
import io.github.serverlessopenclaw.plugin.deploy.DeployLog;
import io.github.serverlessopenclaw.plugin.report.Heartbeat;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * {@code push-image} as a service: works out the image's content tag, skips everything when the
 * repository already has it, otherwise prepares the Node and OpenClaw layers (cached), builds with Jib
 * and pushes; then records the digest for synth and deploy.
 */
public final class ImagePublisher {
    /**
     * eclipse-temurin 21 JRE (Ubuntu), the multi-arch index pinned by digest. Not pulled from this
     * project's machines (no Docker Hub access there); override with {@code openclaw.baseImage}.
     */
    public static final String DEFAULT_BASE_IMAGE =
            "eclipse-temurin:21-jre@sha256:d2b9f8f12212cadcfdf889461531784e8fd097feade954d65b31ee7a71c473ec";

    private static final String SKIPPED_BLOB = "Skipping push; BLOB already exists on target registry";

    /**
     * @param nodeVersion     an exact Node version; null or blank for {@link NodeDistribution#pinnedVersion()}
     * @param openclawProject the npm project to install OpenClaw from; empty for the lockfile the plugin ships
     * @param cacheDir        prepared layers and Jib's layer caches, reused between runs
     */
    public record Settings(
            String baseImage,
            Architecture architecture,
            String nodeVersion,
            Optional<Path> openclawProject,
            BridgeDistribution bridge,
            Path cacheDir,
            RegistryCredentials credentials) {
        public Settings {
            nodeVersion = nodeVersion == null || nodeVersion.isBlank()
                    ? NodeDistribution.pinnedVersion()
                    : nodeVersion.trim();
            credentials = credentials == null ? RegistryCredentials.NONE : credentials;
        }

        /** Anonymous pulls of the base image. */
        public Settings(
                String baseImage,
                Architecture architecture,
                String nodeVersion,
                Optional<Path> openclawProject,
                BridgeDistribution bridge,
                Path cacheDir) {
            this(baseImage, architecture, nodeVersion, openclawProject, bridge, cacheDir, RegistryCredentials.NONE);
        }
    }

    private final Npm npm;

    public ImagePublisher(Npm npm) {
        this.npm = npm;
    }

    /** Pushes (or finds) the image and writes {@link PublishedImage#file(Path)} under {@code buildDirectory}. */
    public PublishedImage publish(
            Settings settings, ImageRepository repository, Path buildDirectory, DeployLog progress) {
        PublishedImage image = publish(settings, repository, progress);
        image.write(PublishedImage.file(buildDirectory));
        return image;
    }

    /** The tag the image of these settings gets; known without building anything. */
    public String contentTag(Settings settings) {
        return recipe(settings).contentTag();
    }

    private ImageRecipe recipe(Settings settings) {
        CacheDirectory cache = new CacheDirectory(settings.cacheDir());
        OpenClawModules openclaw = new OpenClawModules(npm, cache);
        Path project = settings.openclawProject().orElseGet(openclaw::bundledProject);
        return new ImageRecipe(
                settings.baseImage(),
                settings.architecture(),
                new NodeDistribution(npm, cache).location(settings.nodeVersion(), settings.architecture()),
                openclaw.location(project, settings.architecture()),
                settings.bridge());
    }

    /**
     * Reports each phase on a line, Jib's progress in percent every few seconds, and a heartbeat when a phase
     * (a download, {@code npm ci}) has printed nothing for {@link Heartbeat#QUIET_LIMIT}.
     */
    public PublishedImage publish(Settings settings, ImageRepository repository, DeployLog log) {
        try (Heartbeat heartbeat = Heartbeat.start(log::info)) {
            return publish(settings, repository, heartbeat, new DeployLog() {
                @Override
                public void info(String line) {
                    heartbeat.accept(line);
                }

                @Override
                public void warn(String line) {
                    log.warn(line);
                }

                @Override
                public void debug(String line) {
                    log.debug(line);
                }
            });
        }
    }

    private PublishedImage publish(
            Settings settings, ImageRepository repository, Heartbeat heartbeat, DeployLog progress) {
        CacheDirectory cache = new CacheDirectory(settings.cacheDir());
        NodeDistribution node = new NodeDistribution(npm, cache);
        OpenClawModules openclaw = new OpenClawModules(npm, cache);
        Path project = settings.openclawProject().orElseGet(openclaw::bundledProject);
        ImageRecipe recipe = recipe(settings);
        String tag = recipe.contentTag();
        if (!recipe.baseIsTar() && !settings.baseImage().contains("@sha256:")) {
            progress.warn("Base image " + settings.baseImage() + " is not pinned by digest; a new base under"
                    + " the same tag is not noticed (the content tag stays the same). Pin it: name@sha256:<digest>");
        }

        Optional<String> existing = repository.existingDigest(tag);
        if (existing.isPresent()) {
            progress.info("Image " + repository.imageName() + ":" + tag
                    + " is already in the repository; nothing to build or push");
            List<PublishedImage.Layer> layers = new ArrayList<>();
            for (ImageRepository.Blob blob : repository.layers(tag)) {
                layers.add(new PublishedImage.Layer(blob.digest(), -1, -1, blob.size(), false));
            }
            return new PublishedImage(
                    repository.imageName(),
                    tag,
                    existing.get(),
                    settings.architecture().imageArchitecture(),
                    false,
                    layers);
        }

        progress.info("Preparing Node " + settings.nodeVersion() + " ("
                + settings.architecture().nodePackage() + ")");
        node.prepare(settings.nodeVersion(), settings.architecture());
        progress.info("Preparing OpenClaw node_modules for linux/"
                + settings.architecture().npmCpu());
        openclaw.prepare(project, settings.architecture());

        progress.info("Building and pushing " + repository.imageName() + ":" + tag);
        Set<String> alreadyPresent = ConcurrentHashMap.newKeySet();
        Consumer<LogEvent> log = event -> {
            if (event.getMessage().startsWith(SKIPPED_BLOB)) {
                alreadyPresent.add(event.getMessage());
            }
            jibLine(event, repository.insecure(), progress);
        };
        Containerizer containerizer = ImageBuilder.withCaches(
                        Containerizer.to(repository.target(tag)), settings.cacheDir(), log)
                .addEventHandler(
                        ProgressEvent.class, new JibProgress(heartbeat::detail, Clock.systemUTC(), JibProgress.EVERY))
                .setAllowInsecureRegistries(repository.insecure());
        ImageBuilder.Built built = new ImageBuilder(settings.credentials()).containerize(recipe, containerizer);

        List<ImageRepository.Blob> blobs = repository.layers(tag);
        List<ImageBuilder.LayerContent> ours = built.layers();
        List<PublishedImage.Layer> layers = new ArrayList<>();
        int offset = blobs.size() - ours.size(); // the base image's layers come first
        for (int i = 0; i < ours.size(); i++) {
            ImageBuilder.LayerContent content = ours.get(i);
            Optional<ImageRepository.Blob> blob = offset >= 0 ? Optional.of(blobs.get(offset + i)) : Optional.empty();
            boolean uploaded = blob.map(b -> alreadyPresent.stream().noneMatch(m -> m.contains(b.digest())))
                    .orElse(true);
            layers.add(new PublishedImage.Layer(
                    content.name(),
                    content.files(),
                    content.bytes(),
                    blob.map(ImageRepository.Blob::size).orElse(-1L),
                    uploaded));
        }
        return new PublishedImage(
                repository.imageName(),
                tag,
                built.digest(),
                settings.architecture().imageArchitecture(),
                true,
                layers);
    }

    /**
     * Jib's own log levels, passed through: errors and warnings as warnings, its lifecycle lines as info, the rest
     * (info, debug, progress) at debug level, seen with {@code -X}.
     */
    static void jibLine(LogEvent event, boolean insecureRegistry, DeployLog progress) {
        String line = "Jib: " + event.getMessage();
        switch (event.getLevel()) {
            case ERROR, WARN -> {
                if (insecureRegistry && isHttpFallback(event.getMessage())) {
                    progress.debug(line); // expected on a registry without TLS
                } else {
                    progress.warn(line);
                }
            }
            case LIFECYCLE -> progress.info(line);
            default -> progress.debug(line);
        }
    }

    /** Jib tries HTTPS first even on an insecure registry; its fallback notices are expected there. */
    private static boolean isHttpFallback(String message) {
        return message.contains("Attempting again with HTTP")
                || message.contains("Attempting again with no TLS verification");
    }
}
